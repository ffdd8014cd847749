import type { Rule } from '../define-rule.js';
import auditLogsPodExec from './access/audit-logs-pod-exec.js';
import auditOmitRequestReceived from './access/audit-omit-request-received.js';
import noAdmissionWebhookWrites from './access/no-admission-webhook-writes.js';
import noAllAuthenticatedBindings from './access/no-all-authenticated-bindings.js';
import noAnonymousBindings from './access/no-anonymous-bindings.js';
import noAuditSensitiveBodies from './access/no-audit-sensitive-bodies.js';
import noAwsAuthWrites from './access/no-aws-auth-writes.js';
import noClusterAdminBinding from './access/no-cluster-admin-binding.js';
import noCsrApprovalAccess from './access/no-csr-approval-access.js';
import noDanglingBindings from './access/no-dangling-bindings.js';
import noDefaultServiceAccountBindings from './access/no-default-service-account-bindings.js';
import noEscalateOrBind from './access/no-escalate-or-bind.js';
import noExposedKubeconfigCredentials from './access/no-exposed-kubeconfig-credentials.js';
import noImpersonate from './access/no-impersonate.js';
import noKubeconfigBasicAuth from './access/no-kubeconfig-basic-auth.js';
import noKubeconfigExecEnvSecrets from './access/no-kubeconfig-exec-env-secrets.js';
import noKubeconfigInsecureTls from './access/no-kubeconfig-insecure-tls.js';
import noKubeconfigPlainHttp from './access/no-kubeconfig-plain-http.js';
import noKubeconfigStaticTokens from './access/no-kubeconfig-static-tokens.js';
import noLongLivedKubeconfigCertificates from './access/no-long-lived-kubeconfig-certificates.js';
import noNodeProxyAccess from './access/no-node-proxy-access.js';
import noPersistentVolumeCreate from './access/no-persistent-volume-create.js';
import noPodCreateAccess from './access/no-pod-create-access.js';
import noPodExecAccess from './access/no-pod-exec-access.js';
import noRoleBindingWrites from './access/no-role-binding-writes.js';
import noSecretReadAccess from './access/no-secret-read-access.js';
import noSystemMastersCertificates from './access/no-system-masters-certificates.js';
import noTokenCreateAccess from './access/no-token-create-access.js';
import noWildcardPermissions from './access/no-wildcard-permissions.js';
import cniEnforcesNetworkPolicy from './network/cni-enforces-network-policy.js';
import dnsEgressAllowed from './network/dns-egress-allowed.js';
import namespaceDefaultDeny from './network/namespace-default-deny.js';
import noBroadIngressPolicy from './network/no-broad-ingress-policy.js';
import noCrossNamespaceDatabaseAccess from './network/no-cross-namespace-database-access.js';
import noEgressToInternet from './network/no-egress-to-internet.js';
import noUnusedNetworkPolicy from './network/no-unused-network-policy.js';
import workloadNetworkIsolated from './network/workload-network-isolated.js';
import allowedRegistries from './workload/allowed-registries.js';
import automountServiceAccountToken from './workload/automount-service-account-token.js';
import dropAllCapabilities from './workload/drop-all-capabilities.js';
import imagePinnedByDigest from './workload/image-pinned-by-digest.js';
import imagePullPolicy from './workload/image-pull-policy.js';
import livenessProbe from './workload/liveness-probe.js';
import noBarePods from './workload/no-bare-pods.js';
import noDangerousCapabilities from './workload/no-dangerous-capabilities.js';
import noDefaultNamespace from './workload/no-default-namespace.js';
import noDefaultServiceAccountToken from './workload/no-default-service-account-token.js';
import noHostIpc from './workload/no-host-ipc.js';
import noHostNetwork from './workload/no-host-network.js';
import noHostPath from './workload/no-host-path.js';
import noHostPid from './workload/no-host-pid.js';
import noHostPort from './workload/no-host-port.js';
import noLatestImageTag from './workload/no-latest-image-tag.js';
import noNetRaw from './workload/no-net-raw.js';
import noPrivilegeEscalation from './workload/no-privilege-escalation.js';
import noPrivileged from './workload/no-privileged.js';
import noSelinuxOverride from './workload/no-selinux-override.js';
import noSensitiveHostPath from './workload/no-sensitive-host-path.js';
import noUnconfinedApparmor from './workload/no-unconfined-apparmor.js';
import noUnmaskedProcMount from './workload/no-unmasked-proc-mount.js';
import noUnsafeSysctls from './workload/no-unsafe-sysctls.js';
import noWindowsHostProcess from './workload/no-windows-host-process.js';
import noWritableHostPath from './workload/no-writable-host-path.js';
import pssAdmissionRejected from './workload/pss-admission-rejected.js';
import pssNamespaceEnforced from './workload/pss-namespace-enforced.js';
import readOnlyRootFilesystem from './workload/read-only-root-filesystem.js';
import readinessProbe from './workload/readiness-probe.js';
import resourceLimits from './workload/resource-limits.js';
import resourceRequests from './workload/resource-requests.js';
import runAsHighUid from './workload/run-as-high-uid.js';
import runAsNonRoot from './workload/run-as-non-root.js';
import seccompConfined from './workload/seccomp-confined.js';

import etcdClientCertAuth from './etcd/etcd-client-cert-auth.js';
import etcdClientTlsCert from './etcd/etcd-client-tls-cert.js';
import etcdDataDirOwnership from './etcd/etcd-data-dir-ownership.js';
import etcdDataDirPermissions from './etcd/etcd-data-dir-permissions.js';
import etcdDedicatedCa from './etcd/etcd-dedicated-ca.js';
import etcdNoAutoTls from './etcd/etcd-no-auto-tls.js';
import etcdNoPeerAutoTls from './etcd/etcd-no-peer-auto-tls.js';
import etcdNoPlaintextClientUrl from './etcd/etcd-no-plaintext-client-url.js';
import etcdPeerClientCertAuth from './etcd/etcd-peer-client-cert-auth.js';
import etcdPeerTlsCert from './etcd/etcd-peer-tls-cert.js';
import apiserverAlwaysPullImages from './access/apiserver-always-pull-images.js';
import apiserverAnonymousAuthDisabled from './access/apiserver-anonymous-auth-disabled.js';
import apiserverAuditLogRetention from './access/apiserver-audit-log-retention.js';
import apiserverAuditLogging from './access/apiserver-audit-logging.js';
import apiserverAuthorizationNodeAndRbac from './access/apiserver-authorization-node-and-rbac.js';
import apiserverClientCaFile from './access/apiserver-client-ca-file.js';
import apiserverDefaultAdmissionPlugins from './access/apiserver-default-admission-plugins.js';
import apiserverEtcdTls from './access/apiserver-etcd-tls.js';
import apiserverKubeletCertificateAuthority from './access/apiserver-kubelet-certificate-authority.js';
import apiserverKubeletClientCert from './access/apiserver-kubelet-client-cert.js';
import apiserverNoAlwaysAdmit from './access/apiserver-no-always-admit.js';
import apiserverNoAlwaysAllowAuthorization from './access/apiserver-no-always-allow-authorization.js';
import apiserverNoTokenAuthFile from './access/apiserver-no-token-auth-file.js';
import apiserverNodeRestriction from './access/apiserver-node-restriction.js';
import apiserverProfilingDisabled from './access/apiserver-profiling-disabled.js';
import apiserverServiceAccountExtendTokenExpiration from './access/apiserver-service-account-extend-token-expiration.js';
import apiserverServiceAccountKeyFile from './access/apiserver-service-account-key-file.js';
import apiserverServiceAccountLookup from './access/apiserver-service-account-lookup.js';
import apiserverStrongCipherSuites from './access/apiserver-strong-cipher-suites.js';
import apiserverTlsCert from './access/apiserver-tls-cert.js';
import controllerManagerProfilingDisabled from './access/controller-manager-profiling-disabled.js';
import controllerManagerUseServiceAccountCredentials from './access/controller-manager-use-service-account-credentials.js';
import encryptionConfigInvalid from './etcd/encryption-config-invalid.js';
import encryptionOtherResources from './etcd/encryption-other-resources.js';
import encryptionProviderStrength from './etcd/encryption-provider-strength.js';
import encryptionSecretsAtRest from './etcd/encryption-secrets-at-rest.js';
import encryptionProviderConfigSet from './etcd/encryption-provider-config-set.js';
import kubeletAnonymousAuthDisabled from './access/kubelet-anonymous-auth-disabled.js';
import kubeletAuthorizationModeWebhook from './access/kubelet-authorization-mode-webhook.js';
import kubeletClientCaFile from './access/kubelet-client-ca-file.js';
import kubeletMakeIptablesUtilChains from './access/kubelet-make-iptables-util-chains.js';
import kubeletReadOnlyPortDisabled from './access/kubelet-read-only-port-disabled.js';
import kubeletRotateCertificates from './access/kubelet-rotate-certificates.js';
import kubeletSeccompDefault from './access/kubelet-seccomp-default.js';
import kubeletStreamingConnectionIdleTimeout from './access/kubelet-streaming-connection-idle-timeout.js';
import controllerManagerBindAddress from './access/controller-manager-bind-address.js';
import controllerManagerRootCaFile from './access/controller-manager-root-ca-file.js';
import controllerManagerRotateKubeletServerCertificate from './access/controller-manager-rotate-kubelet-server-certificate.js';
import controllerManagerServiceAccountPrivateKeyFile from './access/controller-manager-service-account-private-key-file.js';
import schedulerBindAddress from './access/scheduler-bind-address.js';
import schedulerProfilingDisabled from './access/scheduler-profiling-disabled.js';
import etcdFilePermissions from './etcd/etcd-file-permissions.js';
import apiserverAdminKubeconfigPermissions from './access/apiserver-admin-kubeconfig-permissions.js';
import apiserverFilePermissions from './access/apiserver-file-permissions.js';
import apiserverPkiCertificateExpiry from './access/apiserver-pki-certificate-expiry.js';
import apiserverPkiPermissions from './access/apiserver-pki-permissions.js';
import controllerManagerFilePermissions from './access/controller-manager-file-permissions.js';
import kubeletFilePermissions from './access/kubelet-file-permissions.js';
import schedulerFilePermissions from './access/scheduler-file-permissions.js';
import meshPresent from './mtls/mesh-present.js';
import mtlsStrict from './mtls/mtls-strict.js';
import noMtlsConflicts from './mtls/no-mtls-conflicts.js';
import noPlaintextHops from './mtls/no-plaintext-hops.js';
import noUninjectedWorkloads from './mtls/no-uninjected-workloads.js';
import clusterSecretStoreScoped from './secrets/cluster-secret-store-scoped.js';
import noBroadSecretRead from './secrets/no-broad-secret-read.js';
import noCommittedSecretData from './secrets/no-committed-secret-data.js';
import noCredentialsInArgs from './secrets/no-credentials-in-args.js';
import noCredentialsInConfigmap from './secrets/no-credentials-in-configmap.js';
import noCredentialsInEnv from './secrets/no-credentials-in-env.js';
import noInsecureSecretStore from './secrets/no-insecure-secret-store.js';
import preferSecretFiles from './secrets/prefer-secret-files.js';
/** Every rule kubeward ships, in the order `kubeward rules` lists them. */
export const allRules: readonly Rule[] = [
  noPrivileged, noPrivilegeEscalation, runAsNonRoot, pssNamespaceEnforced, pssAdmissionRejected,
  noHostPid, noHostIpc, noHostNetwork, noHostPort, noHostPath, noWritableHostPath, noSensitiveHostPath,
  readOnlyRootFilesystem, dropAllCapabilities, noDangerousCapabilities, noNetRaw, seccompConfined, noUnconfinedApparmor,
  noSelinuxOverride, noUnmaskedProcMount, noUnsafeSysctls, noWindowsHostProcess, runAsHighUid,
  noClusterAdminBinding, noWildcardPermissions, noEscalateOrBind, noImpersonate, noRoleBindingWrites, noSecretReadAccess,
  noPodCreateAccess, noPodExecAccess, noNodeProxyAccess, noTokenCreateAccess, noCsrApprovalAccess, noAdmissionWebhookWrites,
  noPersistentVolumeCreate, noAwsAuthWrites, noAnonymousBindings, noAllAuthenticatedBindings, noDefaultServiceAccountBindings, noDanglingBindings,
  noSystemMastersCertificates, noLongLivedKubeconfigCertificates, noKubeconfigStaticTokens, noKubeconfigBasicAuth,
  noKubeconfigInsecureTls, noKubeconfigPlainHttp, noExposedKubeconfigCredentials, noKubeconfigExecEnvSecrets,
  noAuditSensitiveBodies, auditLogsPodExec, auditOmitRequestReceived,
  noDefaultServiceAccountToken, automountServiceAccountToken, noLatestImageTag, imagePinnedByDigest, imagePullPolicy,
  allowedRegistries, resourceRequests, resourceLimits, livenessProbe, readinessProbe, noDefaultNamespace, noBarePods,
  etcdClientCertAuth, etcdClientTlsCert, etcdDataDirOwnership, etcdDataDirPermissions, etcdDedicatedCa, etcdNoAutoTls,
  etcdNoPeerAutoTls, etcdNoPlaintextClientUrl, etcdPeerClientCertAuth, etcdPeerTlsCert, apiserverAlwaysPullImages,
  apiserverAnonymousAuthDisabled, apiserverAuditLogRetention, apiserverAuditLogging,
  apiserverAuthorizationNodeAndRbac, apiserverClientCaFile, apiserverDefaultAdmissionPlugins, apiserverEtcdTls,
  apiserverKubeletCertificateAuthority, apiserverKubeletClientCert, apiserverNoAlwaysAdmit,
  apiserverNoAlwaysAllowAuthorization, apiserverNoTokenAuthFile, apiserverNodeRestriction, apiserverProfilingDisabled,
  apiserverServiceAccountExtendTokenExpiration, apiserverServiceAccountKeyFile, apiserverServiceAccountLookup,
  apiserverStrongCipherSuites, apiserverTlsCert, controllerManagerProfilingDisabled,
  controllerManagerUseServiceAccountCredentials,
  namespaceDefaultDeny, workloadNetworkIsolated, noUnusedNetworkPolicy, noBroadIngressPolicy, noEgressToInternet,
  noCrossNamespaceDatabaseAccess, dnsEgressAllowed, cniEnforcesNetworkPolicy,
  encryptionConfigInvalid, encryptionOtherResources, encryptionProviderStrength, encryptionSecretsAtRest,
  encryptionProviderConfigSet,
  kubeletAnonymousAuthDisabled, kubeletAuthorizationModeWebhook, kubeletClientCaFile, kubeletMakeIptablesUtilChains,
  kubeletReadOnlyPortDisabled, kubeletRotateCertificates, kubeletSeccompDefault,
  kubeletStreamingConnectionIdleTimeout,
  controllerManagerBindAddress, controllerManagerRootCaFile, controllerManagerRotateKubeletServerCertificate,
  controllerManagerServiceAccountPrivateKeyFile, schedulerBindAddress, schedulerProfilingDisabled,
  etcdFilePermissions, apiserverAdminKubeconfigPermissions, apiserverFilePermissions, apiserverPkiCertificateExpiry,
  apiserverPkiPermissions, controllerManagerFilePermissions, kubeletFilePermissions, schedulerFilePermissions,
  meshPresent, mtlsStrict, noPlaintextHops, noMtlsConflicts, noUninjectedWorkloads,
  noCredentialsInEnv, noCredentialsInArgs, noCredentialsInConfigmap, noCommittedSecretData, preferSecretFiles,
  noBroadSecretRead, noInsecureSecretStore, clusterSecretStoreScoped,
];
