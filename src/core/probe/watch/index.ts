// The failover watch, in rooms with one job each:
//   types.ts    what a watch is asked, reports and returns (the JSON contract's shapes)
//   dns.ts      DNS answers, their comparison, and the tracker that resolves through an injected resolver
//   channel.ts  what one channel (pooled or fresh) has seen, and the transitions a role query reports
//   recorder.ts the recording in the pool model's terms
//   engine.ts   runWatch: the options, the timers and ticks, the events and samples, the end
//   context.ts  what the engine gives a channel (the session, DNS, the recording, the clock, the reporting)
//   role.ts     the role query on a connection (the server's flavor detected once)
//   fresh.ts    the fresh channel: a new connection per tick
//   pooled.ts   the pooled channel: one long-lived connection, its reconnects and pinning
//   result.ts   what a finished watch returns (summary, verdict, pool model, stats)
//   summary.ts  summarizeEvents: the figures of a recording (pure)
//   verdict.ts  the verdict in words
//   stream.ts   watchStream: the watch as an async iterable
export { runWatch } from './engine';
export { watchStream } from './stream';
export { summarizeEvents } from './summary';
export type { EventSummary } from './summary';
export { systemResolver, dnsKey } from './dns';
export type { DnsAnswer, Resolver } from './dns';
export { DEFAULT_RECONNECT } from './types';
export type {
  WatchOptions,
  WatchEvent,
  WatchEventType,
  WatchChannel,
  WatchSample,
  WatchSummary,
  WatchVerdict,
  WatchResult,
  WatchStats,
  ReconnectPolicy,
  Disruption,
} from './types';
