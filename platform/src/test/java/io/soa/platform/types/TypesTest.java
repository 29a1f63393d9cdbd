package io.soa.platform.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TypesTest {

  @Test
  void catalogIdIsTheUuidLeftPaddedAndRoundTrips() {
    UUID id = UUID.fromString("6f1c2b0e-1d2a-4c55-9a57-1b2c3d4e5f60");
    String b = Bytes32.fromUuid(id);
    assertThat(b).isEqualTo("0x" + "0".repeat(32) + "6f1c2b0e1d2a4c559a571b2c3d4e5f60");
    assertThat(Bytes32.toUuid(b)).isEqualTo(id);
    assertThatThrownBy(() -> Bytes32.toUuid("0x" + "1".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addressesAreValidatedAndLowerCased() {
    assertThat(Address.of("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266").value())
        .isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assertThatThrownBy(() -> Address.of("0x123")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Address.isValid("f39fd6e51aad88f6f4ce6ab8827279cfffb92266")).isFalse();
  }

  @Test
  void amountsAreUint256DecimalStrings() {
    assertThat(Amount.parse("1000000000000000000").value()).isEqualTo(BigInteger.TEN.pow(18));
    assertThat(Amount.parse("5").minus(Amount.parse("3"))).isEqualTo(Amount.parse("2"));
    assertThatThrownBy(() -> Amount.parse("1.5")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Amount.parse("-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Amount.parse("3").minus(Amount.parse("5")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Amount(BigInteger.TWO.pow(256)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
