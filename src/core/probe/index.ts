// Live probes of a MySQL / MariaDB / Aurora MySQL endpoint (no vscode import: shared by the CLI and the extension).
export { ProbeError, PROBE_CODES, scrubSecrets, hintFor } from './errors';
export type { ProbeOp } from './errors';
export {
  staticPassword,
  passwordFromEnv,
  endpointLabel,
  checkEndpoint,
  endpointOptionsFor,
  tlsConfig,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_QUERY_TIMEOUT_MS,
} from './endpoint';
export type { EndpointOptions, PasswordSupplier } from './endpoint';
export {
  checkProbeTarget,
  checkWatchSettings,
  checkTimeouts,
  checkRuns,
  isProblem,
  isProbeable,
  isProbeHost,
  isIamAuth,
  usernameOf,
  readerHostFor,
  datasourceTarget,
  pemCertificateCount,
  PROBE_LIMITS,
  TLS_MODES,
  PROBE_AUTHS,
  DEFAULT_MYSQL_PORT,
} from './request';
export type { ProbeTarget, ProbeProblem, ProbeField, ProbeCheck, ProbeAuth, EndpointAuth, TlsMode, DatasourceTarget } from './request';
export { iamTokenSupplier, iamRegionFor, tokenSecrets, IAM_TOKEN_LIFETIME_S, DEFAULT_IAM_CACHE_MS } from './iamToken';
export type { IamTokenOptions, IamTokenSupplier, StaticAwsCredentials, RegionSource } from './iamToken';
export { ProbeSession, ProbeConnection } from './connection';
export type { QueryResult, Row, SessionOptions } from './connection';
export { identify, identifyOn, roleOf, roleQuery } from './identify';
export type { ServerIdentity, InstanceInfo, Flavor, Role } from './identify';
export { checkReadOnlySelect } from './sqlSafety';
export type { SqlCheck } from './sqlSafety';
export { runValidationLab, labCandidates, labVerdict, BUILTIN_CANDIDATES } from './validationLab';
export type { LabOptions, LabResult, LabMeasurement, LabCandidateVerdict, LabEndpointInfo } from './validationLab';
export { runWatch, watchStream, summarizeEvents, systemResolver, dnsKey, DEFAULT_RECONNECT } from './watch';
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
  Resolver,
  DnsAnswer,
  Disruption,
} from './watch';
export { simulatePool, retryVerdict, retryOffsets, DEFAULT_WORKLOAD, SEED_RETRY_POLICY } from '../forecast/kernel';
export { recommendedPool, WSO2_DEFAULT_POOL } from '../forecast/policy';
export { poolVerdict, failoverScenario, describeRun, POOL_MODEL_CAVEAT } from '../forecast/verdict';
export type {
  PoolTimeline,
  PoolSettings,
  PoolWorkload,
  PoolRunResult,
  RetryPolicy,
  RetryVerdict,
  FailureCause,
  InstanceState,
  RoutePoint,
} from '../forecast/kernel';
export type { PoolVerdict } from '../forecast/verdict';
export { poolSettingsFromDatasource, raisesOnReaderByClassification } from '../forecast/settings';
export { oneShotJson, watchEventJson, summaryJson, jsonLine, eventText } from './json';
export type { OneShotJson } from './json';
export { latencyStats, percentile } from './stats';
export type { LatencyStats } from './stats';
