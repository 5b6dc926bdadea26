// The pool model and the failover forecast: what a Tomcat JDBC pool does with a datasource's settings when
// the database fails over, pauses or hangs. Used by the rules (via forecast), the fixes' judge and the probe.
export * from './kernel';
export * from './policy';
export * from './verdict';
export * from './settings';
export * from './scenarios';
export * from './forecast';
export * from './datasource';
export * from './describe';
export * from './judge';
export * from './report';
