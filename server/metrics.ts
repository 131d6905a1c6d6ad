// Prometheus metrics for one node. Names are the operators' vocabulary (see README, Operations);
// every instrument is created here once and passed to the parts that record.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(nodeId: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ node: nodeId });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    sockets: new Gauge({
      name: 'collab_sockets',
      help: 'Open /collab websocket connections',
      registers: [registry],
    }),
    rooms: new Gauge({ name: 'collab_rooms', help: 'Resumes loaded in memory', registers: [registry] }),
    updatesIn: new Counter({
      name: 'collab_updates_in_total',
      help: 'Document updates applied, by origin',
      labelNames: ['origin'] as const,
      registers: [registry],
    }),
    updatesOut: new Counter({
      name: 'collab_updates_out_total',
      help: 'Document update messages sent to connections',
      registers: [registry],
    }),
    messagesRejected: new Counter({
      name: 'collab_messages_rejected_total',
      help: 'Collab messages refused, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    persistedRows: new Counter({
      name: 'collab_update_rows_written_total',
      help: 'Update-log rows written to the database',
      registers: [registry],
    }),
    persistenceLag: new Histogram({
      name: 'collab_persistence_lag_seconds',
      help: 'Time from an update being applied to it being committed to the update log',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    persistenceFailures: new Counter({
      name: 'collab_persistence_failures_total',
      help: 'Failed update-log batches (retried)',
      registers: [registry],
    }),
    compactions: new Counter({
      name: 'collab_compactions_total',
      help: 'Update-log compactions run',
      registers: [registry],
    }),
    analysisPending: new Gauge({
      name: 'analysis_pending',
      help: 'Resumes whose automatic analysis is waiting for editing to pause, or running',
      registers: [registry],
    }),
    analysisRuns: new Counter({
      name: 'analysis_runs_total',
      help: 'Resume analyses by trigger and outcome (complete, offline, fallback, unchanged, elsewhere, failed)',
      labelNames: ['trigger', 'outcome'] as const,
      registers: [registry],
    }),
    analysisDuration: new Histogram({
      name: 'analysis_duration_seconds',
      help: 'Resume analysis time, offline report and LLM together',
      labelNames: ['trigger'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    analysisCache: new Counter({
      name: 'analysis_cache_total',
      help: 'Analysis cache lookups: hit, miss, or shared with an identical run in flight',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    busMessages: new Counter({
      name: 'bus_messages_total',
      help: 'Messages on the cross-node bus, by direction (out, in) and kind (update, awareness, sync)',
      labelNames: ['direction', 'kind'] as const,
      registers: [registry],
    }),
    busBytes: new Counter({
      name: 'bus_bytes_total',
      help: 'Bytes on the cross-node bus, by direction (out, in)',
      labelNames: ['direction'] as const,
      registers: [registry],
    }),
    propagation: new Histogram({
      name: 'collab_propagation_seconds',
      help: 'Time from a node publishing a message on the bus to another node receiving it',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    llmTokens: new Counter({
      name: 'analysis_llm_tokens_total',
      help: 'LLM tokens spent, by kind (prompt, completion)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
