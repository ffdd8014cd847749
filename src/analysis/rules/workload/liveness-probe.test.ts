import { testProbeRule } from '../../../../test/probe-rule-tests.js';
import rule from './liveness-probe.js';

testProbeRule(rule, 'livenessProbe');
