import { describe, expect, it } from 'vitest';
import { TemplateAlignment } from './render-map.js';

// Line numbers in comments are the template's, counted by hand.
const TEMPLATE = [
  'apiVersion: apps/v1', //                                   1
  'kind: Deployment', //                                      2
  'metadata:', //                                             3
  '  name: {{ include "app.fullname" . }}', //                4
  '  labels:', //                                             5
  '    {{- include "app.labels" . | nindent 4 }}', //         6
  'spec:', //                                                 7
  '  template:', //                                           8
  '    spec:', //                                             9
  '      {{- if .Values.hostNetwork }}', //                   10
  '      hostNetwork: true', //                               11
  '      {{- end }}', //                                      12
  '      containers:', //                                     13
  '        - name: web', //                                   14
  '          image: "{{ .Values.image }}"', //                15
  '          securityContext:', //                            16
  '            {{- toYaml .Values.securityContext | nindent 12 }}', // 17
  '          ports:', //                                      18
  '            {{- range .Values.ports }}', //                19
  '            - containerPort: {{ . }}', //                  20
  '            {{- end }}', //                                21
].join('\n');

const lines = (text: string) => text.split('\n');

describe('TemplateAlignment', () => {
  const rendered = lines([
    'apiVersion: apps/v1', //                 1 -> 1
    'kind: Deployment', //                    2 -> 2
    'metadata:', //                           3 -> 3
    '  name: shop-app', //                    4 -> 4 (literal start "  name: ")
    '  labels:', //                           5 -> 5
    '    app.kubernetes.io/name: app', //     6 -> 6 (written by the include)
    '    app.kubernetes.io/instance: shop', // 7 -> 6
    'spec:', //                               8 -> 7
    '  template:', //                         9 -> 8
    '    spec:', //                           10 -> 9 (hostNetwork is off: line 11 unused)
    '      containers:', //                   11 -> 13
    '        - name: web', //                 12 -> 14
    '          image: "nginx:1.27"', //       13 -> 15
    '          securityContext:', //          14 -> 16
    '            privileged: true', //        15 -> 17 (toYaml)
    '            runAsUser: 0', //            16 -> 17
    '          ports:', //                    17 -> 18
    '            - containerPort: 80', //     18 -> 20
    '            - containerPort: 443', //    19 -> 20 (second iteration)
  ].join('\n'));
  const align = new TemplateAlignment(TEMPLATE, rendered);

  it('maps literal lines to themselves, keeping the column', () => {
    expect(align.position(1, 1)).toEqual({ line: 1, column: 1 });
    expect(align.position(11, 7)).toEqual({ line: 13, column: 7 });
    expect(align.position(14, 11)).toEqual({ line: 16, column: 11 });
  });

  it('skips template lines a false condition left out', () => {
    expect(align.position(10, 5)).toEqual({ line: 9, column: 5 });
    expect(align.position(11, 7).line).toBe(13);
  });

  it('matches a line by the literal text before its first action', () => {
    expect(align.position(4, 3)).toEqual({ line: 4, column: 3 });
    expect(align.position(13, 11)).toEqual({ line: 15, column: 11 });
  });

  it('maps lines an action wrote to that action, at its first non-blank column', () => {
    expect(align.position(15, 13)).toEqual({ line: 17, column: 13 });
    expect(align.position(16, 13)).toEqual({ line: 17, column: 13 });
    expect(align.position(6, 5)).toEqual({ line: 6, column: 5 });
    expect(align.position(7, 5)).toEqual({ line: 6, column: 5 });
  });

  it('maps further loop iterations to the loop body', () => {
    expect(align.position(18, 15)).toEqual({ line: 20, column: 15 });
    // Not matched by the alignment (the body is used once), so it takes the column of the
    // matched line before it.
    expect(align.position(19, 15).line).toBe(20);
  });

  it('gives the end of the mapped line', () => {
    expect(align.lineEnd(14)).toEqual({ line: 16, column: '          securityContext:'.length + 1 });
  });

  it('picks the nearest of several identical template lines', () => {
    const tpl = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', '---', 'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: {{ .Values.n }}'].join('\n');
    const a = new TemplateAlignment(tpl, ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: s']);
    expect([1, 2, 3, 4].map((l) => a.position(l, 1).line)).toEqual([6, 7, 8, 9]);
  });

  it('falls back to the first line when nothing matches', () => {
    const a = new TemplateAlignment('{{ .Values.raw }}', ['apiVersion: v1', 'kind: Pod']);
    expect(a.position(2, 1)).toEqual({ line: 1, column: 1 });
  });
});
