package io.soa.cli;

import java.math.BigInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code soa market buy}: buy a listed licence or model token. */
@Command(
    name = "market",
    mixinStandardHelpOptions = true,
    description = "Buy what is listed on the marketplace (./soa licence sell, ./soa model list).",
    subcommands = {MarketCommands.Buy.class})
final class MarketCommands implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "buy",
      mixinStandardHelpOptions = true,
      description =
          "Buy a listing, paying its price in $SOA (approved exactly, never above --max-price)"
              + " and the gas.",
      footer = {"", "Example:", "  ./soa market buy 4 --max-price 1000000000000000000"})
  static final class Buy extends UserCommand {
    @Parameters(index = "0", description = "the listing's id")
    BigInteger listing;

    @Option(names = "--max-price", required = true, description = "the most you pay, base units")
    BigInteger maxPrice;

    @Override
    public Integer call() {
      progress("buying listing " + listing + ": waiting for the chain");
      BigInteger paid =
          new io.soa.client.Market(deployment.chain(), key.wallet()).buy(listing, maxPrice);
      return done(
          CallCommand.JSON.createObjectNode().put("paid", paid.toString()),
          "bought listing " + listing + " for " + paid + " base units");
    }
  }
}
