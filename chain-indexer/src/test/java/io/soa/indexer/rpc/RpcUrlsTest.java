package io.soa.indexer.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What /v1/status and the logs may show of an RPC URL: no credentials. */
class RpcUrlsTest {
  @Test
  void userInfoQueriesAndKeyLikePathSegmentsAreMasked() {
    assertThat(RpcUrls.redact("https://mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161"))
        .isEqualTo("https://mainnet.infura.io/v3/***");
    assertThat(RpcUrls.redact("https://eth-mainnet.g.alchemy.com/v2/abcDEF123_-xyz7890abc"))
        .isEqualTo("https://eth-mainnet.g.alchemy.com/v2/***");
    assertThat(RpcUrls.redact("https://user:s3cret@node.example:8545/rpc?apikey=s3cret#x"))
        .isEqualTo("https://***@node.example:8545/rpc?***");
    assertThat(RpcUrls.redact("http://127.0.0.1:8545")).isEqualTo("http://127.0.0.1:8545");
    assertThat(RpcUrls.redact("not a url")).doesNotContain("not a url");
    String url = "https://a:b@n.example/x?key=k";
    assertThat(RpcUrls.redactIn("failed to reach " + url + ": refused", List.of(url)))
        .isEqualTo("failed to reach https://***@n.example/x?***: refused");
  }
}
