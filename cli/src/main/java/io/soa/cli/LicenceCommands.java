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
    description = "Buy a licence of a model's tier, or list yours.",
    subcommands = {LicenceCommands.Buy.class, LicenceCommands.ListCommand.class})
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
}
