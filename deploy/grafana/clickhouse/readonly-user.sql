-- Read-only ClickHouse user for Grafana's ClickHouse datasource.
-- Run once as an admin after replacing CHANGE_ME with the password Grafana gets as
-- WATCHLLM_GRAFANA_CLICKHOUSE_PASSWORD (and the database name if WATCHLLM_DATABASE is not "watchllm").
-- readonly = 2: no writes or DDL, but the datasource may still set per-query settings.
CREATE SETTINGS PROFILE IF NOT EXISTS watchllm_grafana_profile
  SETTINGS readonly = 2, max_execution_time = 60, max_threads = 2, max_memory_usage = 4000000000;
CREATE USER IF NOT EXISTS watchllm_grafana
  IDENTIFIED WITH sha256_password BY 'CHANGE_ME'
  SETTINGS PROFILE 'watchllm_grafana_profile';
GRANT SELECT ON watchllm.* TO watchllm_grafana;
