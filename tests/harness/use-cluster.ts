// A cluster shared by a test file's tests (kept apart from cluster.ts, which the benchmarks import
// outside vitest).
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startCluster, type Cluster, type ClusterOptions } from './cluster.ts';
import { destroyClients } from './collab.ts';
import { closeSockets } from './realtime.ts';
import type { TestServer } from './server.ts';

export interface SharedCluster {
  /** The file's cluster (started by the time the file's own beforeAll hooks run). */
  readonly cluster: Cluster;
  /** Node i, or a thrown error naming it. */
  node(i: number): TestServer;
}

/** One cluster for a whole test file: started before its tests and closed after them; the stock
 *  clients and socket.io sockets a test opened are closed after each test. */
export function useCluster(opts: ClusterOptions): SharedCluster {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(opts);
  });
  afterEach(() => {
    destroyClients();
    closeSockets();
  });
  afterAll(async () => {
    await cluster?.close();
  });
  const started = (): Cluster => {
    if (!cluster) throw new Error('the cluster has not started');
    return cluster;
  };
  return {
    get cluster() {
      return started();
    },
    node(i) {
      const found = started().nodes[i];
      if (!found) throw new Error(`no node ${i}`);
      return found;
    },
  };
}
