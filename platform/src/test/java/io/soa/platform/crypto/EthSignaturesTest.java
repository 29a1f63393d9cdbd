package io.soa.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/** Native recovery against web3j's signer as the oracle, and what the contracts would refuse. */
class EthSignaturesTest {
  private static byte[] sig(Sign.SignatureData d) {
    byte[] out = new byte[65];
    System.arraycopy(d.getR(), 0, out, 0, 32);
    System.arraycopy(d.getS(), 0, out, 32, 32);
    out[64] = d.getV()[0];
    return out;
  }

  @Test
  void recoversTheSignerOfManyDigestsAsWeb3jSigns() throws Exception {
    for (int i = 0; i < 200; i++) {
      ECKeyPair key = Keys.createEcKeyPair();
      String address = "0x" + Keys.getAddress(key).toLowerCase(Locale.ROOT);
      byte[] digest = Hash.sha3(("voucher " + i).getBytes());
      byte[] s = sig(Sign.signMessage(digest, key, false));
      assertThat(EthSignatures.recover(digest, s)).hasValue(address);
      byte[] zeroOne = s.clone();
      zeroOne[64] -= 27; // v as 0/1, as some wallets send it
      assertThat(EthSignatures.recover(digest, zeroOne)).hasValue(address);
      byte[] other = Hash.sha3(("voucher " + i + "!").getBytes());
      assertThat(EthSignatures.recover(other, s)).isPresent().get().isNotEqualTo(address);
    }
  }

  @Test
  void refusesHighSMalformedAndWrongLengthSignatures() throws Exception {
    ECKeyPair key = Keys.createEcKeyPair();
    byte[] digest = Hash.sha3("x".getBytes());
    byte[] s = sig(Sign.signMessage(digest, key, false));
    // the same signature with s' = n - s (and v flipped) is valid ECDSA, but EIP-2 refuses it
    BigInteger n =
        new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    BigInteger high = n.subtract(new BigInteger(1, Arrays.copyOfRange(s, 32, 64)));
    byte[] malleable = s.clone();
    System.arraycopy(org.web3j.utils.Numeric.toBytesPadded(high, 32), 0, malleable, 32, 32);
    malleable[64] = (byte) (s[64] == 27 ? 28 : 27);
    assertThat(EthSignatures.recover(digest, malleable)).isEmpty();
    byte[] badV = s.clone();
    badV[64] = 29;
    assertThat(EthSignatures.recover(digest, badV)).isEmpty();
    assertThat(EthSignatures.recover(digest, new byte[65])).isEmpty();
    assertThat(EthSignatures.recover(digest, Arrays.copyOf(s, 64))).isEmpty();
    assertThat(EthSignatures.recover(new byte[31], s)).isEmpty();
  }
}
