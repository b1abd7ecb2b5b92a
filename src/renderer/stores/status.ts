/** Where a store's first load stands. After `ready`, events keep the data current. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';
