#!/bin/bash
# Runs once, on the first start of an empty ClickHouse volume (clickhouse-server image initdb):
# creates Grafana's read-only user from deploy/grafana/clickhouse/readonly-user.sql.
set -euo pipefail
: "${WATCHLLM_GRAFANA_CLICKHOUSE_PASSWORD:?must be set}"
database="${WATCHLLM_DATABASE:-watchllm}"
# SQL string escaping (\ and '), then sed replacement escaping (\ / &).
sql_password=$(printf '%s' "$WATCHLLM_GRAFANA_CLICKHOUSE_PASSWORD" | sed -e "s/[\\\\']/\\\\&/g")
sed_password=$(printf '%s' "$sql_password" | sed -e 's/[\/&\\]/\\&/g')
sed -e "s/CHANGE_ME/${sed_password}/" -e "s/ON watchllm\.\*/ON ${database}.*/" /watchllm/readonly-user.sql \
  | clickhouse client --user "${CLICKHOUSE_USER:-default}" --password "${CLICKHOUSE_PASSWORD:-}" --multiquery
