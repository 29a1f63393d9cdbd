package io.soa.k8s;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;

/**
 * Whether NetworkPolicies let a peer open a connection to a pod's port, by the API's rules: a pod
 * no Ingress policy selects takes everything; one that some select takes what any of their rules
 * allows (no {@code from}: every source; no {@code ports}: every port). No cluster runs here, so
 * the policies are evaluated, not tried.
 */
record NetworkAccess(List<NetworkPolicy> policies) {

  /** Who connects: a pod of a namespace, or a client outside the cluster ({@code pod == null}). */
  record Peer(String namespace, Map<String, String> namespaceLabels, Map<String, String> pod) {
    static Peer outside() {
      return new Peer(null, Map.of(), null);
    }

    static Peer pod(String namespace, Map<String, String> labels) {
      return new Peer(namespace, Map.of("kubernetes.io/metadata.name", namespace), labels);
    }
  }

  /** The policies' namespace: where the suite runs. */
  static final String NAMESPACE = "soa";

  boolean allows(Peer from, Map<String, String> podLabels, ContainerPort port) {
    List<NetworkPolicy> selecting =
        policies.stream()
            .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
            .filter(p -> matches(p.getSpec().getPodSelector(), podLabels))
            .toList();
    if (selecting.isEmpty()) {
      return true;
    }
    return selecting.stream()
        .flatMap(p -> p.getSpec().getIngress().stream())
        .anyMatch(
            rule ->
                (rule.getPorts().isEmpty()
                        || rule.getPorts().stream().anyMatch(p -> samePort(p, port)))
                    && (rule.getFrom().isEmpty()
                        || rule.getFrom().stream().anyMatch(peer -> admits(peer, from))));
  }

  private static boolean samePort(NetworkPolicyPort rule, ContainerPort port) {
    if (rule.getPort() == null) {
      return true;
    }
    var p = rule.getPort();
    return p.getStrVal() != null
        ? p.getStrVal().equals(port.getName())
        : p.getIntVal() != null && p.getIntVal().equals(port.getContainerPort());
  }

  private static boolean admits(NetworkPolicyPeer peer, Peer from) {
    if (peer.getIpBlock() != null) {
      // only 0.0.0.0/0 would take an outside client whatever its address
      return from.pod() == null && "0.0.0.0/0".equals(peer.getIpBlock().getCidr());
    }
    if (from.pod() == null) {
      return false; // pod and namespace selectors name pods in the cluster
    }
    boolean namespaceOk =
        peer.getNamespaceSelector() == null
            ? NAMESPACE.equals(from.namespace())
            : matches(peer.getNamespaceSelector(), from.namespaceLabels());
    boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), from.pod());
    return namespaceOk && podOk;
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String v = labels.get(r.getKey());
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> v != null && r.getValues().contains(v);
              case "NotIn" -> v == null || !r.getValues().contains(v);
              case "Exists" -> v != null;
              case "DoesNotExist" -> v == null;
              default -> throw new IllegalArgumentException("operator " + r.getOperator());
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
