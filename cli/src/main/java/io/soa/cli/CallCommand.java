package io.soa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.client.SoaClient;
import io.soa.client.SpendingCap;
import io.soa.client.Wallet;
import io.soa.client.X402Client;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code soa call}: one call of a model's feature, on the caller's licence when one covers it, else
 * paid with x402 within {@code --max-price}; without a cap nothing is paid.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call a feature of a model: on your licence when one covers it, else paid per call with x402"
          + " (ERC-3009 in $SOA, no channel, no ETH needed) up to --max-price.",
      "Your key comes from SOA_PRIVATE_KEY (or --key-env, or --keystore with its password in"
          + " SOA_KEYSTORE_PASSWORD), never from the command line."
    },
    footer = {
      "",
      "Examples:",
      "  ./soa call 7 tokens --data '{\"text\": \"Hello.\"}' --max-price 2000000000000000",
      "  ./soa call 7 pos-tags --data @input.json --max-price 2000000000000000 --json"
    })
final class CallCommand extends UserCommand {
  static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", description = "the model's on-chain id")
  String model;

  @Parameters(index = "1", description = "the feature, e.g. tokens")
  String feature;

  @Option(
      names = "--data",
      defaultValue = "{}",
      description = "the JSON body, or @file to read it from a file")
  String data;

  @Option(
      names = "--max-price",
      description = "the most you pay for this call, in $SOA base units (none: never pay)")
  BigInteger maxPrice;

  @Option(names = "--no-licence", description = "do not use a licence: pay per call")
  boolean noLicence;

  @Option(
      names = "--channel",
      description =
          "pay from this payment channel (./soa channel open) instead of x402, up to --max-price")
  BigInteger channel;

  @Option(
      names = "--asset",
      description = "the token --max-price counts in (default: the deployment's $SOA)")
  String asset;

  @Override
  public Integer call() throws Exception {
    byte[] body =
        data.startsWith("@")
            ? Files.readAllBytes(Path.of(data.substring(1)))
            : data.getBytes(StandardCharsets.UTF_8);
    Wallet wallet = key.wallet();
    SoaClient client = deployment.client();
    String token = noLicence ? null : client.signIn(wallet);
    X402Client x402 =
        maxPrice == null || channel != null
            ? null
            : new X402Client(
                wallet,
                new SpendingCap(maxPrice, maxPrice),
                asset != null ? asset : client.x402Asset());
    SoaClient.Call c;
    if (channel != null) {
      if (maxPrice == null || token == null) {
        throw new IllegalArgumentException(
            "--channel pays up to --max-price, signed in (without --no-licence)");
      }
      c =
          client.callFromChannel(
              model,
              feature,
              body,
              token,
              new io.soa.client.Channels(deployment.urls(), deployment.chain(), wallet)
                  .payer(channel, new SpendingCap(maxPrice, maxPrice)));
    } else {
      c = client.call(model, feature, body, token, x402);
    }
    var out = spec.commandLine().getOut();
    String paid = c.payment() == null ? null : c.payment().amount().toString();
    String tx =
        c.payment() == null || c.payment().settlement() == null
            ? null
            : c.payment().settlement().path("transaction").asText(null);
    if (output.json) {
      ObjectNode o = JSON.createObjectNode();
      o.put("status", c.status()).put("access", c.access()).put("requestId", c.requestId());
      o.put("paid", paid).put("transaction", tx);
      JsonNode answer = parse(c.body());
      if (answer != null) {
        o.set("answer", answer);
      } else {
        o.put("answer", c.text());
      }
      out.println(o);
    } else {
      out.println(
          "answered "
              + c.status()
              + (paid == null
                  ? " on your "
                      + (c.access() == null ? "access" : c.access())
                      + (channel != null && "voucher".equals(c.access())
                          ? " (channel " + channel + ")"
                          : "")
                  : ", paid by x402: " + paid + " base units of $SOA in " + tx));
      out.println(c.text());
    }
    return 0;
  }

  private static JsonNode parse(byte[] b) {
    try {
      return JSON.readTree(b);
    } catch (java.io.IOException notJson) {
      return null;
    }
  }
}
