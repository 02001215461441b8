import * as pulumi from "@pulumi/pulumi";

export interface MonitoringValuesInput {
  readonly grafanaHost: string;
  readonly grafanaAdminSecret: string;
  readonly ingressClassName: pulumi.Input<string>;
  readonly clusterIssuer: pulumi.Input<string>;
  readonly storageClassName: pulumi.Input<string>;
  readonly prometheusRetention: string;
  readonly prometheusStorageSize: string;
}

/** kube-prometheus-stack values for k3s: Grafana behind TLS, Prometheus on a persistent claim. */
export function monitoringValues(input: MonitoringValuesInput): Record<string, unknown> {
  return {
    grafana: {
      // The admin login comes from a Secret Pulumi generates, never from chart values.
      admin: {
        existingSecret: input.grafanaAdminSecret,
        userKey: "admin-user",
        passwordKey: "admin-password",
      },
      ingress: {
        enabled: true,
        ingressClassName: input.ingressClassName,
        annotations: { "cert-manager.io/cluster-issuer": input.clusterIssuer },
        hosts: [input.grafanaHost],
        path: "/",
        tls: [{ secretName: "grafana-tls", hosts: [input.grafanaHost] }],
      },
    },
    prometheus: {
      prometheusSpec: {
        retention: input.prometheusRetention,
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              storageClassName: input.storageClassName,
              accessModes: ["ReadWriteOnce"],
              resources: { requests: { storage: input.prometheusStorageSize } },
            },
          },
        },
        // Pick up ServiceMonitors and rules from every release, not only this chart's.
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
      },
    },
    // k3s runs these inside its own process and does not expose their metrics endpoints:
    // scraping them would only raise permanent TargetDown alerts.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeProxy: { enabled: false },
    kubeEtcd: { enabled: false },
  };
}
