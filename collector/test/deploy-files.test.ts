/**
 * deploy/ can't be run here (no Docker); this checks that its files agree with each
 * other and with what WatchLLM reads: services, commands, env, health checks, scrape targets.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url));
const read = (path: string) => readFileSync(`${DEPLOY}${path}`, 'utf8');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const watchllm = Object.entries(services).filter(([, s]) => s.command && ['collector', 'query'].includes(s.command[0]!));

describe('deploy/compose.yaml', () => {
  it('runs ClickHouse, two collectors, one query service, Prometheus and Grafana', () => {
    expect(watchllm.filter(([, s]) => s.command![0] === 'collector')).toHaveLength(2);
    expect(watchllm.filter(([, s]) => s.command![0] === 'query')).toHaveLength(1);
    expect(services.clickhouse?.image).toMatch(/^clickhouse\/clickhouse-server:/);
    expect(services.prometheus?.image).toMatch(/^prom\/prometheus:/);
    expect(services.grafana?.image).toMatch(/^grafana\/grafana:/);
  });

  it('points every WatchLLM process at ClickHouse with auth on and a health check', () => {
    for (const [name, s] of watchllm) {
      const env = s.environment!;
      expect(env.WATCHLLM_CLICKHOUSE_URL, name).toBe('http://clickhouse:8123');
      expect(env.WATCHLLM_AUTH, name).toBe('true');
      expect(env.WATCHLLM_HOST, name).toBe('0.0.0.0');
      expect(s.healthcheck?.test.join(' '), name).toContain(`:${env.WATCHLLM_PORT}/healthz`);
      expect(s.depends_on?.clickhouse?.condition, name).toBe('service_healthy');
    }
    expect(services.clickhouse?.healthcheck?.test.join(' ')).toContain('/ping');
    for (const name of ['prometheus', 'grafana']) expect(services[name]?.healthcheck, name).toBeDefined();
  });

  it('gives each collector its own spool volume', () => {
    const spools = watchllm.filter(([, s]) => s.command![0] === 'collector').map(([, s]) => s.volumes?.find((v) => v.endsWith(':/var/lib/watchllm')));
    expect(spools.every(Boolean)).toBe(true);
    expect(new Set(spools).size).toBe(spools.length);
  });

  it('mounts files that exist', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const v of s.volumes ?? []) {
        const source = v.split(':')[0]!;
        if (source.startsWith('./')) expect(existsSync(`${DEPLOY}${source.slice(2)}`), `${name}: ${v}`).toBe(true);
      }
    }
    expect(services.grafana?.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
    expect(statSync(`${DEPLOY}clickhouse/initdb/10-grafana-readonly-user.sh`).mode & 0o111).not.toBe(0);
  });

  it('Grafana datasources address services that exist', () => {
    const datasources = read('grafana/provisioning/datasources/watchllm.yaml');
    for (const [, host] of datasources.matchAll(/url: http:\/\/([\w-]+):/g)) expect(Object.keys(services)).toContain(host);
  });
});

describe('deploy/prometheus.yml', () => {
  it('scrapes /metrics of exactly the WatchLLM services, on their WATCHLLM_PORT', () => {
    const config = parse(read('prometheus.yml')) as { scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[] };
    const targets = config.scrape_configs.filter((j) => j.job_name.startsWith('watchllm')).flatMap((j) => {
      expect(j.metrics_path ?? '/metrics').toBe('/metrics');
      return j.static_configs.flatMap((c) => c.targets);
    });
    expect(targets.sort()).toEqual(watchllm.map(([name, s]) => `${name}:${s.environment!.WATCHLLM_PORT}`).sort());
    // The span-derived metrics come from the processes that run pipelines: the collectors.
    const spans = config.scrape_configs.find((j) => j.metrics_path === '/metrics/spans')!;
    expect(spans.static_configs.flatMap((c) => c.targets).sort()).toEqual(
      watchllm.filter(([name]) => name.includes('collector')).map(([name, s]) => `${name}:${s.environment!.WATCHLLM_PORT}`).sort(),
    );
  });
});

describe('deploy/prometheus-alerts.yml', () => {
  it('is loaded by Prometheus in compose, and every rule is complete', () => {
    const config = parse(read('prometheus.yml')) as { rule_files?: string[] };
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(services.prometheus?.volumes).toContain('./prometheus-alerts.yml:/etc/prometheus/alerts.yml:ro');
    const rules = parse(read('prometheus-alerts.yml')) as { groups: { name: string; rules: { alert: string; expr: string; for?: string; labels: { severity: string }; annotations: { summary: string } }[] }[] };
    const all = rules.groups.flatMap((g) => g.rules);
    expect(all.length).toBeGreaterThan(5);
    expect(new Set(all.map((r) => r.alert)).size).toBe(all.length);
    for (const r of all) {
      expect(r.expr.trim(), r.alert).not.toBe('');
      expect(['critical', 'warning', 'info'], r.alert).toContain(r.labels.severity);
      expect(r.annotations.summary, r.alert).toBeTruthy();
      if (r.for !== undefined) expect(r.for, r.alert).toMatch(/^\d+[smh]$/);
    }
  });
});

describe('deploy/Dockerfile', () => {
  it('builds with npm ci + npm run build on node:20-slim and runs the CLI', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^FROM node:20-slim AS build$/m);
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/RUN npm run build\b/);
    expect(dockerfile).toMatch(/^ENTRYPOINT \[.*"query\/dist\/cli\/main\.js"\]$/m);
  });
});

describe('deploy/kubernetes', () => {
  interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }
  interface Container { args: string[]; env: EnvVar[]; ports: { name: string; containerPort: number }[]; readinessProbe: { httpGet: { path: string; port: string } }; livenessProbe: { httpGet: { path: string; port: string } }; volumeMounts?: { name: string; mountPath: string }[] }
  interface Doc { kind: string; metadata: { name: string }; spec: any }
  const docs = (file: string) => read(`kubernetes/${file}`).split(/^---$/m).map((d) => parse(d) as Doc).filter(Boolean);
  const kustomization = parse(read('kubernetes/kustomization.yaml')) as { resources: string[] };
  const all = kustomization.resources.flatMap(docs);
  const byKind = (kind: string) => all.filter((d) => d.kind === kind);
  const workloads = [...byKind('StatefulSet'), ...byKind('Deployment')];
  const containerOf = (w: Doc) => w.spec.template.spec.containers[0] as Container;
  const envOf = (c: Container) => Object.fromEntries(c.env.map((e) => [e.name, e]));
  // What WatchLLM reads: settings.ts and the shipped otel-config.yaml's ${env:…}.
  const known = new Set([
    ...readFileSync(new URL('../src/settings.ts', import.meta.url), 'utf8').matchAll(/\b(WATCHLLM_[A-Z_]+)\b/g),
    ...readFileSync(new URL('../../otel-config.yaml', import.meta.url), 'utf8').matchAll(/\$\{env:(WATCHLLM_[A-Z_]+)/g),
  ].map((m) => m[1]));

  it('lists files that exist, with a collector StatefulSet and a query Deployment', () => {
    for (const f of kustomization.resources) expect(existsSync(`${DEPLOY}kubernetes/${f}`), f).toBe(true);
    expect(workloads.map((w) => [w.kind, containerOf(w).args[0]])).toEqual([['StatefulSet', 'collector'], ['Deployment', 'query']]);
  });

  it('sets only environment WatchLLM reads, auth on, ClickHouse from the secret the example defines', () => {
    const secret = parse(read('kubernetes/secret.example.yaml')) as { metadata: { name: string }; stringData: Record<string, string> };
    for (const w of workloads) {
      const c = containerOf(w);
      const env = envOf(c);
      for (const name of Object.keys(env)) expect(known, `${w.metadata.name}: ${name}`).toContain(name);
      expect(env.WATCHLLM_AUTH.value, w.metadata.name).toBe('true');
      expect(env.WATCHLLM_HOST.value).toBe('0.0.0.0');
      for (const key of ['WATCHLLM_CLICKHOUSE_URL', 'WATCHLLM_CLICKHOUSE_USER', 'WATCHLLM_CLICKHOUSE_PASSWORD']) {
        const ref = env[key].valueFrom!.secretKeyRef;
        expect(ref.name).toBe(secret.metadata.name);
        expect(Object.keys(secret.stringData)).toContain(ref.key);
      }
      // Probes ask /healthz on the port WATCHLLM_PORT names.
      const admin = c.ports.find((p) => p.containerPort === Number(env.WATCHLLM_PORT.value))!;
      for (const probe of [c.readinessProbe, c.livenessProbe]) expect(probe.httpGet).toEqual({ path: '/healthz', port: admin.name });
    }
  });

  it('gives every collector pod its own spool volume at WATCHLLM_DATA_DIR, and OTLP ports matching the env', () => {
    const [collector] = byKind('StatefulSet');
    const c = containerOf(collector);
    const env = envOf(c);
    const claim = collector.spec.volumeClaimTemplates[0].metadata.name;
    expect(c.volumeMounts).toContainEqual({ name: claim, mountPath: env.WATCHLLM_DATA_DIR.value });
    expect(c.ports.map((p) => p.containerPort).sort()).toEqual([env.WATCHLLM_OTLP_GRPC_PORT.value, env.WATCHLLM_OTLP_HTTP_PORT.value, env.WATCHLLM_PORT.value].map(Number).sort());
    // Services select the pods they front and name ports the pods have.
    for (const s of byKind('Service')) {
      const w = workloads.find((x) => Object.entries(s.spec.selector).every(([k, v]) => x.spec.template.metadata.labels[k] === v))!;
      expect(w, s.metadata.name).toBeDefined();
      for (const p of s.spec.ports) expect(containerOf(w).ports.map((x) => x.name), `${s.metadata.name}: ${p.name}`).toContain(p.targetPort);
    }
    for (const h of byKind('HorizontalPodAutoscaler')) expect(workloads.map((w) => `${w.kind}/${w.metadata.name}`)).toContain(`${h.spec.scaleTargetRef.kind}/${h.spec.scaleTargetRef.name}`);
  });
});
