package io.soa.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soa.contracts.generated.ModelRegistry;
import io.soa.devchain.DevAccounts;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** ModelRegistry on a real anvil node through the generated wrapper. */
class ModelRegistryTest extends ChainTestBase {
  static final Credentials DEV = DevAccounts.account(1);
  static final Credentials OTHER = DevAccounts.account(3);

  static byte[] id(int n) {
    byte[] b = new byte[32];
    b[31] = (byte) n;
    b[20] = 0x5a;
    return b;
  }

  @Test
  void tokenizeMintsToTheCallerAndEmitsEverything() {
    byte[] digest = HexFormat.of().parseHex("9f".repeat(32));
    TransactionReceipt r =
        ok(registry(DEV).tokenize(id(1), "https://c/1", digest, BigInteger.valueOf(750)));
    var ev = ModelRegistry.getModelTokenizedEvents(r).get(0);
    assertThat(ev.owner).isEqualToIgnoringCase(DEV.getAddress());
    assertThat(ev.catalogId).isEqualTo(id(1));
    assertThat(ev.metadataUri).isEqualTo("https://c/1");
    assertThat(ev.artifactDigest).isEqualTo(digest);
    assertThat(ev.royaltyBps).isEqualTo(BigInteger.valueOf(750));

    ModelRegistry read = registry(ADMIN);
    assertThat(read(read.ownerOf(ev.modelId))).isEqualToIgnoringCase(DEV.getAddress());
    assertThat(read(read.tokenURI(ev.modelId))).isEqualTo("https://c/1");
    assertThat(read(read.modelIdOf(DEV.getAddress(), id(1)))).isEqualTo(ev.modelId);
    var royalty = read(read.royaltyInfo(ev.modelId, BigInteger.valueOf(10_000)));
    assertThat(royalty.component1()).isEqualToIgnoringCase(DEV.getAddress());
    assertThat(royalty.component2()).isEqualTo(BigInteger.valueOf(750));
    assertThat(read(read.supportsInterface(HexFormat.of().parseHex("2a55205a"))))
        .isTrue(); // ERC-2981
  }

  @Test
  void revertsWithTheirReasons() throws Exception {
    ModelRegistry reg = registry(DevAccounts.account(2));
    String at = addr("ModelRegistry");
    Credentials dev2 = DevAccounts.account(2);
    Reverts.assertReverts(
        web3j,
        dev2,
        at,
        reg.tokenize(new byte[32], "x", new byte[32], BigInteger.ZERO),
        "EmptyCatalogId()");
    Reverts.assertReverts(
        web3j,
        dev2,
        at,
        reg.tokenize(id(2), "x", new byte[32], BigInteger.valueOf(2_501)),
        "RoyaltyTooHigh(uint96)");
    ok(reg.tokenize(id(3), "x", new byte[32], BigInteger.valueOf(2_500))); // the cap itself is fine
    // a second token for the same catalog id from the same account
    Reverts.assertReverts(
        web3j,
        dev2,
        at,
        reg.tokenize(id(3), "y", new byte[32], BigInteger.ZERO),
        "AlreadyTokenized(bytes32,uint256)");
    // and a real transaction of it fails on-chain too
    assertThatThrownBy(() -> reg.tokenize(id(3), "y", new byte[32], BigInteger.ZERO).send())
        .hasMessageContaining("status: 0x0");
  }

  @Test
  void aStrangersEarlierTokenizeNeverBlocksTheDeveloper() {
    // the catalog id is public: a front-runner mints first, under its own address
    byte[] catalogId = id(9);
    var stolen =
        ModelRegistry.getModelTokenizedEvents(
                ok(
                    registry(OTHER)
                        .tokenize(catalogId, "https://evil", new byte[32], BigInteger.ZERO)))
            .get(0);
    assertThat(stolen.owner).isEqualToIgnoringCase(OTHER.getAddress());
    // the developer's own tokenize still works and is told apart by its minter
    var own =
        ModelRegistry.getModelTokenizedEvents(
                ok(registry(DEV).tokenize(catalogId, "https://c/9", new byte[32], BigInteger.ZERO)))
            .get(0);
    assertThat(own.owner).isEqualToIgnoringCase(DEV.getAddress());
    assertThat(own.catalogId).isEqualTo(catalogId);
    assertThat(own.modelId).isNotEqualTo(stolen.modelId);
    ModelRegistry read = registry(ADMIN);
    assertThat(read(read.modelIdOf(DEV.getAddress(), catalogId))).isEqualTo(own.modelId);
    assertThat(read(read.modelIdOf(OTHER.getAddress(), catalogId))).isEqualTo(stolen.modelId);
  }

  @Test
  void onlyTheCurrentOwnerSetsMetadataRoyaltyAndPrices() throws Exception {
    BigInteger model = newModel(DEV, 100);
    String at = addr("ModelRegistry");
    byte[] feature = HexFormat.of().parseHex("636c617373696679" + "00".repeat(24)); // "classify"
    Reverts.assertReverts(
        web3j,
        OTHER,
        at,
        registry(OTHER).setUsagePrice(model, feature, BigInteger.TEN),
        "NotModelOwner(uint256,address)");
    var price =
        ModelRegistry.getUsagePriceSetEvents(
                ok(registry(DEV).setUsagePrice(model, feature, soa(1))))
            .get(0);
    assertThat(price.modelId).isEqualTo(model);
    assertThat(price.feature).isEqualTo(feature);
    assertThat(price.pricePerCall).isEqualTo(soa(1));
    assertThat(read(registry(ADMIN).usagePrice(model, feature))).isEqualTo(soa(1));
    ok(registry(DEV).setUsagePrice(model, feature, BigInteger.ZERO));
    assertThat(read(registry(ADMIN).usagePrice(model, feature))).isZero();

    byte[] digest = HexFormat.of().parseHex("ee".repeat(32));
    var meta =
        ModelRegistry.getModelMetadataUpdatedEvents(
                ok(registry(DEV).setMetadata(model, "https://c/v2", digest)))
            .get(0);
    assertThat(meta.metadataUri).isEqualTo("https://c/v2");
    assertThat(meta.artifactDigest).isEqualTo(digest);
    assertThat(read(registry(ADMIN).tokenURI(model))).isEqualTo("https://c/v2");
    Reverts.assertReverts(
        web3j,
        DEV,
        at,
        registry(DEV).setRoyalty(model, BigInteger.valueOf(2_501)),
        "RoyaltyTooHigh(uint96)");
    assertThat(
            ModelRegistry.getRoyaltySetEvents(
                    ok(registry(DEV).setRoyalty(model, BigInteger.valueOf(200))))
                .get(0)
                .royaltyBps)
        .isEqualTo(BigInteger.valueOf(200));

    // after a transfer the new owner holds every right, the old one none
    ok(registry(DEV).transferFrom(DEV.getAddress(), OTHER.getAddress(), model));
    Reverts.assertReverts(
        web3j,
        DEV,
        at,
        registry(DEV).setMetadata(model, "z", digest),
        "NotModelOwner(uint256,address)");
    ok(registry(OTHER).setUsagePrice(model, feature, BigInteger.TWO));
    assertThat(read(registry(ADMIN).royaltyInfo(model, soa(100))).component1())
        .isEqualToIgnoringCase(OTHER.getAddress());
  }
}
