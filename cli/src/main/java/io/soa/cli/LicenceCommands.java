package io.soa.cli;

import io.soa.client.Licences;
import java.math.BigInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code soa licence buy|list}: a buyer's licences. */
@Command(
    name = "licence",
    mixinStandardHelpOptions = true,
    description = "Buy a licence of a model's tier, list yours, or sell one on the marketplace.",
    subcommands = {
      LicenceCommands.Buy.class,
      LicenceCommands.ListCommand.class,
      LicenceCommands.Sell.class
    })
final class LicenceCommands implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Your licences: model, calls left, expiry (as ./soa licences).")
  static final class ListCommand extends ReadCommands.Licences {}

  @Command(
      name = "buy",
      mixinStandardHelpOptions = true,
      description =
          "Buy a licence of a tier (./soa offers <model> lists them), paying its price in $SOA"
              + " (approved exactly) and the gas from your wallet.",
      footer = {"", "Example:", "  ./soa licence buy 3 --max-price 50000000000000000000"})
  static final class Buy extends UserCommand {
    @Parameters(index = "0", description = "the tier's id")
    BigInteger tier;

    @Option(
        names = "--max-price",
        required = true,
        description = "the most you pay for it, in $SOA base units")
    BigInteger maxPrice;

    @Override
    public Integer call() {
      spec.commandLine()
          .getErr()
          .println("buying a licence of tier " + tier + ": waiting for the chain …");
      Licences.Bought b = new Licences(deployment.chain(), key.wallet()).buy(tier, maxPrice);
      var out = spec.commandLine().getOut();
      if (output.json) {
        out.println(
            CallCommand.JSON
                .createObjectNode()
                .put("licenseId", b.licenseId().toString())
                .put("price", b.price().toString()));
      } else {
        out.println("licence " + b.licenseId() + " bought for " + b.price() + " base units");
      }
      return 0;
    }
  }

  @Command(
      name = "sell",
      mixinStandardHelpOptions = true,
      description =
          "List one of your licences for sale on the marketplace at a fixed price (its calls are"
              + " frozen while listed; the buyer gets what is left).",
      footer = {"", "Example:", "  ./soa licence sell 12 --price 1000000000000000000"})
  static final class Sell extends UserCommand {
    @Parameters(index = "0", description = "the licence's id")
    BigInteger licence;

    @Option(names = "--price", required = true, description = "its price, in $SOA base units")
    BigInteger price;

    @Override
    public Integer call() {
      progress("listing licence " + licence + ": waiting for the chain");
      BigInteger listing =
          new io.soa.client.Market(deployment.chain(), key.wallet()).listLicence(licence, price);
      return done(
          CallCommand.JSON.createObjectNode().put("listingId", listing.toString()),
          "listing "
              + listing
              + ": licence "
              + licence
              + " for "
              + price
              + " base units (./soa market buy "
              + listing
              + ")");
    }
  }
}
