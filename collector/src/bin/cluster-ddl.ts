#!/usr/bin/env node
/** Prints the cluster variant of the schema: cluster-ddl [--cluster NAME] [--database DB] */
import { DEFAULT_CLUSTER_TARGET, renderClusterSchemaFile, type ClusterTarget } from '../storage/cluster-ddl.js';

const USAGE = 'usage: cluster-ddl [--cluster NAME] [--database DB]   (prints SQL to stdout)';

function parseArgs(argv: string[]): ClusterTarget | string {
  const target = { ...DEFAULT_CLUSTER_TARGET };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') return USAGE;
    if ((flag !== '--cluster' && flag !== '--database') || value === undefined) return `cluster-ddl: unexpected "${flag}"\n${USAGE}`;
    target[flag === '--cluster' ? 'cluster' : 'database'] = value;
    i++;
  }
  return target;
}

const parsed = parseArgs(process.argv.slice(2));
if (typeof parsed === 'string') {
  console.error(parsed);
  process.exitCode = parsed === USAGE ? 0 : 2;
} else {
  try {
    process.stdout.write(renderClusterSchemaFile(parsed));
  } catch (err) {
    console.error(`cluster-ddl: ${(err as Error).message}`);
    process.exitCode = 2;
  }
}
