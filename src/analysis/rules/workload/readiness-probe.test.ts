import { testProbeRule } from '../../../../test/probe-rule-tests.js';
import rule from './readiness-probe.js';

testProbeRule(rule, 'readinessProbe');
