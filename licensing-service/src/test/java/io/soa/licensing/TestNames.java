package io.soa.licensing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Host names for the gateway's connect-time tests (the JDK's resolver SPI, registered for the test
 * JVM only): public-looking names that resolve inside, as a hostile DNS answer would. Every other
 * name goes to the JDK's own resolver.
 */
public class TestNames extends InetAddressResolverProvider {
  public static final String PRIVATE = "private-model.soa-test.example";
  public static final String METADATA = "metadata-model.soa-test.example";

  private static final Map<String, byte[]> NAMES =
      Map.of(
          PRIVATE,
          new byte[] {10, 1, 2, 3},
          METADATA,
          new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254});

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
          throws UnknownHostException {
        byte[] a = NAMES.get(host);
        return a != null
            ? Stream.of(InetAddress.getByAddress(host, a))
            : builtin.lookupByName(host, policy);
      }

      @Override
      public String lookupByAddress(byte[] addr) throws UnknownHostException {
        return builtin.lookupByAddress(addr);
      }
    };
  }

  @Override
  public String name() {
    return "soa-test-names";
  }
}
