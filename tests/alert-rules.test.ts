import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERT_RULES, ALERT_TESTS, PROMTOOL, requireTool } from './support/prometheus.js';

const promtool = (...args: string[]) => {
  requireTool(PROMTOOL);
  const run = spawnSync(PROMTOOL, args, { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
};

const alertNames = (): string[] => [...readFileSync(ALERT_RULES, 'utf8').matchAll(/^\s+- alert: (\w+)$/gm)].map((m) => m[1]!);

/** Each evaluation in the unit tests: which alert, and whether it is expected to fire. */
const evaluations = (): { alert: string; fires: boolean }[] =>
  [...readFileSync(ALERT_TESTS, 'utf8').matchAll(/alertname: (\w+)\n\s+exp_alerts:( \[\])?/g)].map((m) => ({ alert: m[1]!, fires: m[2] === undefined }));

describe('The alert rules an operator loads into Prometheus (ops/prometheus/alerts.yml)', { timeout: 60_000 }, () => {
  it('When promtool checks them, Then every rule is valid', () => {
    const { status, output } = promtool('check', 'rules', ALERT_RULES);
    expect(output).toContain(`SUCCESS: ${alertNames().length} rules found`);
    expect(status).toBe(0);
  });

  it("When promtool runs their unit tests, Then every case passes, and each alert has one that fires it and one that must not", () => {
    const { status, output } = promtool('test', 'rules', ALERT_TESTS);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
    const cases = evaluations();
    for (const alert of alertNames()) {
      expect(cases.filter((c) => c.alert === alert).map((c) => c.fires), alert).toEqual(expect.arrayContaining([true, false]));
    }
  });

  it('When an alert is named in docs/runbook.md, Then each rule points to its own section there', () => {
    const runbook = readFileSync(new URL('../docs/runbook.md', import.meta.url), 'utf8');
    for (const alert of alertNames()) {
      expect(runbook, alert).toMatch(new RegExp(`^## ${alert}$`, 'm'));
      expect(readFileSync(ALERT_RULES, 'utf8')).toContain(`runbook: docs/runbook.md#${alert.toLowerCase()}`);
    }
  });
});
