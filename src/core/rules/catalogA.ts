// Rules for WSO2 configuration mechanics, Aurora endpoints, the JDBC URL/driver and the JVM DNS cache.
import type { Rule } from './types';
import { unsupportedPoolOption } from './wso2/unsupportedPoolOption';
import { poolOptionMisplaced } from './wso2/poolOptionMisplaced';
import { emptyValidationQuery } from './wso2/emptyValidationQuery';
import { jdbcInterceptors } from './wso2/jdbcInterceptors';
import { instanceEndpointForWriter } from './aurora/instanceEndpointForWriter';
import { readerEndpointForWriter } from './aurora/readerEndpointForWriter';
import { nonRdsHost } from './aurora/nonRdsHost';
import { connectTimeout } from './jdbc/connectTimeout';
import { socketTimeout } from './jdbc/socketTimeout';
import { autoReconnect } from './jdbc/autoReconnect';
import { multiHostFailoverReadonly } from './jdbc/multiHostFailoverReadonly';
import { tcpKeepalive } from './jdbc/tcpKeepalive';
import { tls } from './jdbc/tls';
import { awsWrapper } from './jdbc/awsWrapper';
import { dnsTtl } from './jvm/dnsTtl';

export const CATALOG_MECHANICS_ENDPOINTS_JDBC: readonly Rule[] = [
  unsupportedPoolOption,
  poolOptionMisplaced,
  emptyValidationQuery,
  jdbcInterceptors,
  instanceEndpointForWriter,
  readerEndpointForWriter,
  nonRdsHost,
  connectTimeout,
  socketTimeout,
  autoReconnect,
  multiHostFailoverReadonly,
  tcpKeepalive,
  tls,
  awsWrapper,
  dnsTtl,
];
