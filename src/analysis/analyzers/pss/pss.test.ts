import { describe, expect, it } from 'vitest';
import {
  checkIdsAt, evaluatePod, highestLevel, parsePssVersion, PSS_CHECKS, PSS_LATEST_VERSION,
  type PssLevel, type PssViolation,
} from './index.js';

type Obj = Record<string, unknown>;

/** A pod that meets the restricted level at every version; `spec` entries override its fields. */
function restrictedPod(spec: Obj = {}, metadata: Obj = {}): { metadata: Obj; spec: Obj } {
  return {
    metadata: { name: 'p', ...metadata },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', image: 'x', securityContext: hardened() }],
      ...spec,
    },
  };
}

function hardened(extra: Obj = {}): Obj {
  return { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...extra };
}

function checks(pod: { metadata?: unknown; spec?: unknown }, level: PssLevel, version = 'latest'): string[] {
  return evaluatePod(pod, level, version).map((v) => v.check);
}

function only(pod: { metadata?: unknown; spec?: unknown }, level: PssLevel, version = 'latest'): PssViolation {
  const vs = evaluatePod(pod, level, version);
  expect(vs, JSON.stringify(vs)).toHaveLength(1);
  return vs[0]!;
}

describe('the restricted baseline pod used here', () => {
  it('passes every level at every version', () => {
    for (let minor = 0; minor <= 40; minor++) {
      expect(evaluatePod(restrictedPod(), 'restricted', `v1.${minor}`)).toEqual([]);
    }
    expect(highestLevel(restrictedPod(), 'latest')).toBe('restricted');
  });
});

describe('runAsNonRoot: pod-level and container-level', () => {
  it('lets containers inherit a pod-level true', () => {
    expect(checks(restrictedPod({ initContainers: [{ name: 'init', securityContext: hardened() }] }), 'restricted')).toEqual([]);
  });

  it('requires it on each container when the pod does not set it', () => {
    const pod = restrictedPod({
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        { name: 'a', securityContext: hardened({ runAsNonRoot: true }) },
        { name: 'b', securityContext: hardened() },
      ],
    });
    const v = only(pod, 'restricted');
    expect(v.check).toBe('runAsNonRoot');
    expect(v.message).toBe('runAsNonRoot != true (pod or container "b" must set securityContext.runAsNonRoot=true)');
    expect(v.paths).toEqual([['spec', 'containers', 1, 'securityContext', 'runAsNonRoot']]);
  });

  it('accepts every container setting true without a pod-level value', () => {
    const pod = restrictedPod({
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'a', securityContext: hardened({ runAsNonRoot: true }) }],
    });
    expect(checks(pod, 'restricted')).toEqual([]);
  });

  it('forbids a container-level false even under a pod-level true', () => {
    const pod = restrictedPod({ containers: [{ name: 'a', securityContext: hardened({ runAsNonRoot: false }) }] });
    const v = only(pod, 'restricted');
    expect(v.message).toBe('runAsNonRoot != true (container "a" must not set securityContext.runAsNonRoot=false)');
    expect(v.paths).toEqual([['spec', 'containers', 0, 'securityContext', 'runAsNonRoot']]);
  });

  it('forbids a pod-level false even when every container sets true', () => {
    const pod = restrictedPod({
      securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'a', securityContext: hardened({ runAsNonRoot: true }) }],
    });
    const v = only(pod, 'restricted');
    expect(v.message).toBe('runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)');
    expect(v.paths).toEqual([['spec', 'securityContext', 'runAsNonRoot']]);
  });

  it('is not a baseline check', () => {
    expect(checks(restrictedPod({ securityContext: {} }), 'baseline')).toEqual([]);
  });
});

describe('seccompProfile: pod-level and container-level', () => {
  it('accepts a container-level profile without a pod-level one', () => {
    const pod = restrictedPod({
      securityContext: { runAsNonRoot: true },
      containers: [{ name: 'a', securityContext: hardened({ seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }) }],
    });
    expect(checks(pod, 'restricted')).toEqual([]);
  });

  it('names every container (init and ephemeral too) that has no profile to inherit', () => {
    const pod = restrictedPod({
      securityContext: { runAsNonRoot: true },
      initContainers: [{ name: 'init', securityContext: hardened() }],
      containers: [{ name: 'a', securityContext: hardened({ seccompProfile: { type: 'RuntimeDefault' } }) }],
      ephemeralContainers: [{ name: 'debug', securityContext: hardened() }],
    });
    const v = only(pod, 'restricted');
    expect(v.check).toBe('seccompProfile_restricted');
    expect(v.message).toBe(
      'seccompProfile (pod or containers "init", "debug" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    expect(v.paths).toEqual([
      ['spec', 'initContainers', 0, 'securityContext', 'seccompProfile', 'type'],
      ['spec', 'ephemeralContainers', 0, 'securityContext', 'seccompProfile', 'type'],
    ]);
  });

  it('forbids Unconfined at the pod level even if containers set their own', () => {
    const pod = restrictedPod({
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } },
      containers: [{ name: 'a', securityContext: hardened({ seccompProfile: { type: 'RuntimeDefault' } }) }],
    });
    const v = only(pod, 'restricted');
    expect(v.message).toBe('seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")');
    expect(v.paths).toEqual([['spec', 'securityContext', 'seccompProfile', 'type']]);
    // At restricted the baseline check is replaced, and named as covered.
    expect(v.subsumes).toEqual(['seccompProfile_baseline']);
    expect(checks(pod, 'baseline')).toEqual(['seccompProfile_baseline']);
  });

  it('checks the alpha annotations before v1.19 and the fields from v1.19', () => {
    const annotated = { metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }, spec: { containers: [{ name: 'a' }] } };
    const v = only(annotated, 'baseline', 'v1.18');
    expect(v.check).toBe('seccompProfile_baseline');
    expect(v.paths).toEqual([['metadata', 'annotations', 'seccomp.security.alpha.kubernetes.io/pod']]);
    expect(checks(annotated, 'baseline', 'v1.19')).toEqual([]);

    const containerAnnotation = { metadata: { annotations: { 'container.seccomp.security.alpha.kubernetes.io/a': 'localhost/x' } }, spec: { containers: [{ name: 'a' }] } };
    expect(checks(containerAnnotation, 'baseline', 'v1.0')).toEqual([]);

    const field = { spec: { containers: [{ name: 'a', securityContext: { seccompProfile: { type: 'Unconfined' } } }] } };
    expect(checks(field, 'baseline', 'v1.18')).toEqual([]);
    expect(checks(field, 'baseline', 'v1.19')).toEqual(['seccompProfile_baseline']);
  });

  it('only requires a profile at restricted from v1.19', () => {
    const pod = restrictedPod({ securityContext: { runAsNonRoot: true } });
    expect(checks(pod, 'restricted', 'v1.18')).toEqual([]);
    expect(checks(pod, 'restricted', 'v1.19')).toEqual(['seccompProfile_restricted']);
  });
});

describe('version gating', () => {
  it('allowPrivilegeEscalation from v1.8', () => {
    const pod = restrictedPod({ containers: [{ name: 'a', securityContext: { capabilities: { drop: ['ALL'] } } }] });
    expect(checks(pod, 'restricted', 'v1.7')).toEqual([]);
    const v = only(pod, 'restricted', 'v1.8');
    expect(v.check).toBe('allowPrivilegeEscalation');
    expect(v.paths).toEqual([['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation']]);
  });

  it('capabilities_restricted from v1.22, replacing capabilities_baseline', () => {
    const pod = restrictedPod({ containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['SYS_ADMIN', 'NET_BIND_SERVICE'] } } }] });
    expect(checks(pod, 'restricted', 'v1.21')).toEqual(['capabilities_baseline']);
    const v = only(pod, 'restricted', 'v1.22');
    expect(v.check).toBe('capabilities_restricted');
    expect(v.subsumes).toEqual(['capabilities_baseline']);
    expect(v.message).toBe(
      'unrestricted capabilities (container "a" must set securityContext.capabilities.drop=["ALL"]; ' +
        'container "a" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
    );
    expect(v.paths).toEqual([
      ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'],
      ['spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 0],
    ]);
  });

  it('capabilities_restricted without subsumes when only drop ALL is missing', () => {
    const pod = restrictedPod({ containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: false } }] });
    const v = only(pod, 'restricted', 'v1.22');
    expect(v.check).toBe('capabilities_restricted');
    expect(v.subsumes).toBeUndefined();
  });

  it('runAsUser=0 from v1.23', () => {
    const pod = restrictedPod({ containers: [{ name: 'a', securityContext: hardened({ runAsUser: 0 }) }] });
    expect(checks(pod, 'restricted', 'v1.22')).toEqual([]);
    const v = only(pod, 'restricted', 'v1.23');
    expect(v.message).toBe('runAsUser=0 (container "a" must not set runAsUser=0)');
    expect(checks(restrictedPod({ securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } } }), 'restricted')).toEqual([]);
  });

  it('sysctls: the safe list grows with the version', () => {
    const pod = (name: string) => ({ spec: { securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '0' }, { name, value: '1' }] }, containers: [{ name: 'a' }] } });
    const cases: [string, string, string][] = [
      ['net.ipv4.ip_local_reserved_ports', 'v1.26', 'v1.27'],
      ['net.ipv4.tcp_keepalive_time', 'v1.28', 'v1.29'],
      ['net.ipv4.tcp_rmem', 'v1.31', 'v1.32'],
      ['net.ipv4.tcp_notsent_lowat', 'v1.36', 'v1.37'],
      ['net.ipv4.tcp_slow_start_after_idle', 'v1.36', 'latest'],
    ];
    for (const [name, before, from] of cases) {
      const v = only(pod(name), 'baseline', before);
      expect(v.message).toBe(`forbidden sysctls (${name})`);
      expect(v.paths).toEqual([['spec', 'securityContext', 'sysctls', 1, 'name']]);
      expect(checks(pod(name), 'baseline', from)).toEqual([]);
    }
    expect(checks(pod('kernel.msgmax'), 'baseline', 'latest')).toEqual(['sysctls']);
  });

  it('seLinuxOptions type container_engine_t from v1.31', () => {
    const pod = { spec: { securityContext: { seLinuxOptions: { type: 'container_engine_t' } }, containers: [{ name: 'a' }] } };
    expect(checks(pod, 'baseline', 'v1.30')).toEqual(['seLinuxOptions']);
    expect(checks(pod, 'baseline', 'v1.31')).toEqual([]);
  });

  it('seLinuxOptions user, role and type, with their paths', () => {
    const pod = { spec: { containers: [{ name: 'a', securityContext: { seLinuxOptions: { type: 'spc_t', user: 'system_u', role: 'r' } } }] } };
    const v = only(pod, 'baseline');
    expect(v.message).toBe(
      'seLinuxOptions (container "a" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set)',
    );
    expect(v.paths).toEqual(['type', 'user', 'role'].map((f) => ['spec', 'containers', 0, 'securityContext', 'seLinuxOptions', f]));
  });

  it('hostProbesAndHostLifecycle from v1.34', () => {
    const pod = {
      spec: {
        containers: [{
          name: 'a',
          livenessProbe: { httpGet: { host: '10.0.0.1', port: 80 } },
          lifecycle: { preStop: { tcpSocket: { host: 'metadata', port: 80 } }, postStart: { httpGet: { host: '', port: 80 } } },
        }],
      },
    };
    expect(checks(pod, 'baseline', 'v1.33')).toEqual([]);
    const v = only(pod, 'baseline', 'v1.34');
    expect(v.check).toBe('hostProbesAndHostLifecycle');
    expect(v.message).toBe('probe or lifecycle host (container "a" uses probe or lifecycle hosts "10.0.0.1", "metadata")');
    expect(v.paths).toEqual([
      ['spec', 'containers', 0, 'livenessProbe', 'httpGet', 'host'],
      ['spec', 'containers', 0, 'lifecycle', 'preStop', 'tcpSocket', 'host'],
    ]);
  });

  it('latest and versions past the newest one evaluate as the newest', () => {
    expect(parsePssVersion('latest').minor).toBe(parsePssVersion(PSS_LATEST_VERSION).minor);
    expect(parsePssVersion('v1.99').minor).toBe(parsePssVersion(PSS_LATEST_VERSION).minor);
    expect(checkIdsAt('restricted', 'v1.99')).toEqual(checkIdsAt('restricted', 'latest'));
    expect(checkIdsAt('baseline', 'v1.33')).not.toContain('hostProbesAndHostLifecycle');
    expect(checkIdsAt('baseline', 'v1.34')).toContain('hostProbesAndHostLifecycle');
  });
});

describe('Windows pods (spec.os.name: windows)', () => {
  const windowsPod = (extra: Obj = {}) => ({
    spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'a' }], ...extra },
  });

  it('are exempt from allowPrivilegeEscalation, capabilities and seccomp at restricted from v1.25', () => {
    expect(checks(windowsPod(), 'restricted', 'v1.24').sort()).toEqual(
      ['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted'],
    );
    expect(checks(windowsPod(), 'restricted', 'v1.25')).toEqual([]);
  });

  it('still need runAsNonRoot and are still bound by the baseline checks', () => {
    expect(checks(windowsPod({ securityContext: {} }), 'restricted', 'v1.25')).toEqual(['runAsNonRoot']);
    const hostProcess = windowsPod({ hostNetwork: true, securityContext: { runAsNonRoot: true, windowsOptions: { hostProcess: true } } });
    expect(checks(hostProcess, 'restricted')).toEqual(['hostNamespaces', 'windowsHostProcess']);
    const v = evaluatePod(hostProcess, 'baseline', 'latest').find((x) => x.check === 'windowsHostProcess')!;
    expect(v.paths).toEqual([['spec', 'securityContext', 'windowsOptions', 'hostProcess']]);
  });

  it('a Linux os.name is no exemption', () => {
    expect(checks({ spec: { os: { name: 'linux' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'a' }] } }, 'restricted', 'v1.25').sort()).toEqual(
      ['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted'],
    );
  });

  it('restricted admits what baseline denies on an (API-invalid) Windows pod; highestLevel stays monotone', () => {
    const pod = windowsPod({ containers: [{ name: 'a', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] });
    expect(checks(pod, 'restricted', 'v1.25')).toEqual([]);
    expect(checks(pod, 'baseline', 'v1.25')).toEqual(['capabilities_baseline']);
    expect(highestLevel(pod, 'v1.25')).toBe('privileged');
  });
});

describe('user namespaces (spec.hostUsers: false)', () => {
  const unmasked = (hostUsers: boolean | undefined) =>
    restrictedPod({ ...(hostUsers === undefined ? {} : { hostUsers }), containers: [{ name: 'a', securityContext: hardened({ procMount: 'Unmasked' }) }] });

  it('relax baseline procMount from v1.35 but not restricted', () => {
    expect(checks(unmasked(false), 'baseline', 'v1.34')).toEqual(['procMount']);
    expect(checks(unmasked(false), 'baseline', 'v1.35')).toEqual([]);
    const v = only(unmasked(false), 'restricted', 'v1.35');
    expect(v.check).toBe('procMount_restricted');
    expect(v.subsumes).toBeUndefined();
    expect(v.paths).toEqual([['spec', 'containers', 0, 'securityContext', 'procMount']]);
  });

  it('without a user namespace both procMount checks deny; restricted reports the stricter one', () => {
    for (const hostUsers of [true, undefined]) {
      expect(checks(unmasked(hostUsers), 'baseline', 'v1.35')).toEqual(['procMount']);
      const v = only(unmasked(hostUsers), 'restricted', 'v1.35');
      expect(v.check).toBe('procMount_restricted');
      expect(v.subsumes).toEqual(['procMount']);
    }
    expect(only(unmasked(true), 'restricted', 'v1.34').check).toBe('procMount');
  });

  it('exempt runAsNonRoot and runAsUser from v1.35', () => {
    const root = restrictedPod({ hostUsers: false, securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } } });
    expect(checks(root, 'restricted', 'v1.34')).toEqual(['runAsNonRoot', 'runAsUser']);
    expect(checks(root, 'restricted', 'v1.35')).toEqual([]);
    expect(checks({ ...root, spec: { ...root.spec, hostUsers: true } }, 'restricted', 'v1.35')).toEqual(['runAsNonRoot', 'runAsUser']);
  });
});

describe('paths and messages', () => {
  it('privileged', () => {
    const pod = { spec: { containers: [{ name: 'ok' }, { name: 'app', securityContext: { privileged: true } }] } };
    expect(evaluatePod(pod, 'baseline', 'v1.0')).toEqual([{
      check: 'privileged',
      level: 'baseline',
      message: 'privileged (container "app" must not set securityContext.privileged=true)',
      paths: [['spec', 'containers', 1, 'securityContext', 'privileged']],
    }]);
  });

  it('host namespaces and host ports', () => {
    const pod = {
      spec: {
        hostPID: true,
        hostNetwork: false,
        initContainers: [{ name: 'i', ports: [{ containerPort: 80 }, { containerPort: 53, hostPort: 53 }] }],
        containers: [{ name: 'a', ports: [{ containerPort: 8080, hostPort: 0 }] }],
      },
    };
    const vs = evaluatePod(pod, 'baseline', 'latest');
    expect(vs.map((v) => [v.check, v.message, v.paths])).toEqual([
      ['hostNamespaces', 'host namespaces (hostPID=true)', [['spec', 'hostPID']]],
      ['hostPorts', 'hostPort (container "i" uses hostPort 53)', [['spec', 'initContainers', 0, 'ports', 1, 'hostPort']]],
    ]);
  });

  it('AppArmor annotation and field', () => {
    const key = 'container.apparmor.security.beta.kubernetes.io/app';
    const pod = {
      metadata: { annotations: { [key]: 'unconfined', 'container.apparmor.security.beta.kubernetes.io/b': 'localhost/p' } },
      spec: { containers: [{ name: 'app', securityContext: { appArmorProfile: { type: 'Unconfined' } } }, { name: 'b' }] },
    };
    const v = only(pod, 'baseline');
    expect(v.check).toBe('appArmorProfile');
    expect(v.message).toBe(
      `forbidden AppArmor profiles (container "app" and annotation must not set AppArmor profile type to "Unconfined", "${key}=\\"unconfined\\"")`,
    );
    expect(v.paths).toEqual([
      ['spec', 'containers', 0, 'securityContext', 'appArmorProfile', 'type'],
      ['metadata', 'annotations', key],
    ]);
    const allowed = { spec: { securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } }, containers: [{ name: 'a', securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } }] } };
    expect(checks(allowed, 'baseline', 'v1.0')).toEqual([]);
  });

  it('volumes: hostPath at baseline, restricted types at restricted', () => {
    const pod = restrictedPod({
      volumes: [
        { name: 'cfg', configMap: { name: 'c' } },
        { name: 'host', hostPath: { path: '/' } },
        { name: 'share', nfs: { server: 's', path: '/' } },
        { name: 'img', image: { reference: 'r' } },
        { name: 'defaulted' },
      ],
    });
    const baseline = only(pod, 'baseline');
    expect(baseline.check).toBe('hostPathVolumes');
    expect(baseline.paths).toEqual([['spec', 'volumes', 1, 'hostPath']]);
    const restricted = only(pod, 'restricted');
    expect(restricted.check).toBe('restrictedVolumes');
    expect(restricted.subsumes).toEqual(['hostPathVolumes']);
    expect(restricted.message).toBe('restricted volume types (volumes "host", "share" use restricted volume types "hostPath", "nfs")');
    expect(restricted.paths).toEqual([['spec', 'volumes', 1, 'hostPath'], ['spec', 'volumes', 2, 'nfs']]);
  });

  it('unnamed containers are named by their position', () => {
    const v = only({ spec: { containers: [{ securityContext: { privileged: true } }] } }, 'baseline');
    expect(v.message).toContain('"containers[0]"');
  });
});

describe('levels and versions', () => {
  it('privileged allows everything', () => {
    const pod = { spec: { hostNetwork: true, containers: [{ name: 'a', securityContext: { privileged: true } }] } };
    expect(evaluatePod(pod, 'privileged', 'latest')).toEqual([]);
    expect(highestLevel(pod, 'latest')).toBe('privileged');
  });

  it('highestLevel', () => {
    expect(highestLevel(restrictedPod(), 'v1.30')).toBe('restricted');
    expect(highestLevel({ spec: { containers: [{ name: 'a' }] } }, 'v1.30')).toBe('baseline');
  });

  it('rejects bad versions and levels with a clear error', () => {
    for (const bad of ['1.25', 'v2.0', 'v1.05', 'v1.x', 'v1', '', 'Latest', 'v1.25.0']) {
      expect(() => parsePssVersion(bad)).toThrow(/must be "latest" or "v1.<minor>"/);
      expect(() => evaluatePod({}, 'baseline', bad)).toThrow(/invalid Pod Security Standards version/);
    }
    expect(() => evaluatePod({}, 'strict' as PssLevel, 'latest')).toThrow(/invalid Pod Security Standards level "strict"/);
    expect(parsePssVersion('v1.0')).toEqual({ text: 'v1.0', latest: false, minor: 0 });
    expect(parsePssVersion('latest').latest).toBe(true);
  });

  it('tolerates empty and malformed pods', () => {
    expect(evaluatePod({}, 'restricted', 'latest')).toEqual([]);
    const odd = { metadata: 'x', spec: { containers: 'y', volumes: [null, 3], securityContext: { sysctls: 'z' } } };
    expect(evaluatePod(odd, 'restricted', 'latest')).toEqual([]);
  });

  it('lists checks like the admission controller: baseline ids sorted, then restricted ids sorted', () => {
    const ids = (level: string) => PSS_CHECKS.filter((c) => c.level === level).map((c) => c.id);
    const sorted = (xs: string[]) => [...xs].sort();
    expect(ids('baseline')).toEqual(sorted(ids('baseline')));
    expect(ids('restricted')).toEqual(sorted(ids('restricted')));
    expect(PSS_CHECKS.map((c) => c.level)).toEqual([...ids('baseline').map(() => 'baseline'), ...ids('restricted').map(() => 'restricted')]);
    expect(new Set(PSS_CHECKS.map((c) => c.id)).size).toBe(PSS_CHECKS.length);
    expect(checkIdsAt('restricted', 'latest')).not.toContain('hostPathVolumes');
    expect(checkIdsAt('restricted', 'v1.21')).toContain('capabilities_baseline');
  });
});
