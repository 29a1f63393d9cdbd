package io.soa.platform.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one rule of which endpoints the suite may call, at registration and at connect time. */
class EndpointPolicyTest {
  @Test
  void publicHttpsEndpointsPass() {
    for (String ok :
        List.of(
            "https://models.example.com/sentiment/v1",
            "https://api.example.org:8443/x?y=1",
            "https://8.8.8.8/infer",
            "https://[2001:4860:4860::8888]/infer",
            "https://xn--bcher-kva.example/x")) {
      assertThat(EndpointPolicy.STRICT.check(ok)).as(ok).isEmpty();
    }
  }

  @Test
  void internalAndInsecureEndpointsAreRefused() {
    for (String bad :
        List.of(
            "http://models.example.com/x",
            "ftp://models.example.com/x",
            "https://",
            "https://localhost/x",
            "https://api.localhost/x",
            "https://127.0.0.1/x",
            "https://127.1/x",
            "https://2130706433/x",
            "https://0x7f.0.0.1/x",
            "https://0.0.0.0/x",
            "https://10.0.0.5/x",
            "https://172.16.3.4/x",
            "https://192.168.1.1/x",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/x",
            "https://224.0.0.1/x",
            "https://[::1]/x",
            "https://[fe80::1]/x",
            "https://[fd00::1]/x",
            "https://[::ffff:10.0.0.1]/x",
            "https://[::]/x",
            "https://payment-service/x",
            "https://payment-service.soa.svc/x",
            "https://kafka.soa.svc.cluster.local/x",
            "https://metadata.google.internal/x",
            "https://printer.local/x",
            "https://user:pw@models.example.com/x",
            "https://models.example.com/x#frag",
            "https://exa_mple.com/x",
            "not a url",
            "https://models.example.com:0/x")) {
      assertThat(EndpointPolicy.STRICT.check(bad)).as(bad).isPresent();
    }
  }

  /** Issue 26, finding 10: IPv6 forms that carry a private IPv4 address, and unparsable ones. */
  @Test
  void ipv6AddressesThatCarryAnInsideIpv4AddressAndUnparsableOnesAreRefused() {
    for (String bad :
        List.of(
            "https://[::10.0.0.1]/x", // IPv4-compatible
            "https://[::127.0.0.1]/x",
            "https://[::a9fe:a9fe]/x",
            "https://[64:ff9b::10.0.0.1]/x", // NAT64
            "https://[64:ff9b::a9fe:a9fe]/x",
            "https://[64:ff9b:1::5db8:d822]/x", // local-use NAT64
            "https://[2002:0a00:0001::1]/x", // 6to4
            "https://[2002:a9fe:a9fe::]/x",
            "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/x", // Teredo, client 10.0.0.1
            "https://[fe80::1%25eth0]/x", // a zone the JDK cannot resolve: refused, not passed
            "https://[::ffff:a9fe:a9fe]/x")) {
      assertThat(EndpointPolicy.STRICT.check(bad)).as(bad).isPresent();
    }
    for (String good :
        List.of(
            "https://[64:ff9b::5db8:d822]/x",
            "https://[2002:5db8:d822::1]/x",
            "https://[2606:4700::1]/x")) {
      assertThat(EndpointPolicy.STRICT.check(good)).as(good).isEmpty();
    }
  }

  @Test
  void theLocalSwitchAllowsHttpAndLoopbackOnly() {
    assertThat(EndpointPolicy.LOCAL.check("http://localhost:8090/tokens")).isEmpty();
    assertThat(EndpointPolicy.LOCAL.check("http://127.0.0.1:8090/tokens")).isEmpty();
    assertThat(EndpointPolicy.LOCAL.check("http://10.0.0.5/x")).isPresent();
    assertThat(EndpointPolicy.LOCAL.check("http://169.254.169.254/x")).isPresent();
  }

  @Test
  void connectTimeAddressesAreCheckedTheSameWay() throws Exception {
    assertThat(EndpointPolicy.STRICT.checkAddress(InetAddress.getByName("93.184.216.34")))
        .isEmpty();
    for (String a :
        List.of(
            "127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "fc00::1", "::ffff:192.168.0.1")) {
      assertThat(EndpointPolicy.STRICT.checkAddress(InetAddress.getByName(a))).as(a).isPresent();
    }
  }
}
