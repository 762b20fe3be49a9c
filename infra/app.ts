import { App } from 'aws-cdk-lib';
import { deploymentProps } from './deployment-context.ts';
import { ExchangeStack } from './exchange-stack.ts';

const app = new App();
const { id, props } = deploymentProps((key) => app.node.tryGetContext(key), process.env);
new ExchangeStack(app, id, props);
