import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Debian's prometheus and promtool, or the ones named by PROMETHEUS and PROMTOOL. */
export const PROMETHEUS = process.env.PROMETHEUS ?? 'prometheus';
export const PROMTOOL = process.env.PROMTOOL ?? 'promtool';

export const OPS = join(import.meta.dirname, '..', '..', 'ops');
export const ALERT_RULES = join(OPS, 'prometheus', 'alerts.yml');
export const ALERT_TESTS = join(OPS, 'prometheus', 'alerts.test.yml');
export const DASHBOARD = join(OPS, 'grafana', 'hotline-dashboard.json');

/** The one sentence a developer without Prometheus reads, instead of a spawn error. */
export const PROMETHEUS_MISSING =
  'prometheus and promtool are not installed: the alert rules and the dashboard are tested with real ones. Install them with "apt-get install prometheus" (.ci/run does), or set PROMETHEUS and PROMTOOL to their paths.';

/** Throws PROMETHEUS_MISSING when the tool cannot be run. */
export function requireTool(tool: string): void {
  const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(PROMETHEUS_MISSING);
}
