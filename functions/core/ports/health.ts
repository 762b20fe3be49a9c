/** Whether each backing store answered a cheap request. */
export interface StoreHealth {
  dynamodb: boolean;
  sqs: boolean;
}

export type HealthProbe = () => Promise<StoreHealth>;
