package io.soa.cli;

import io.soa.client.SoaException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./soa} for the people who pay for and sell models, against any deployment (its URLs in
 * options or {@code SOA_*_URL}; the local stack by default). The stack's own commands ({@code up},
 * {@code demo}, …) stay with the launcher; these are the ones a user runs against a deployment, so
 * they live in one entry point with them. Errors say what went wrong and what to do.
 */
@Command(
    name = "soa",
    mixinStandardHelpOptions = true,
    version = "soa 0.1.0",
    description = "Call, pay for and sell AI models on the SOA suite.",
    subcommands = {
      CallCommand.class,
      ReadCommands.Offers.class,
      ReadCommands.Licences.class,
      LicenceCommands.class,
      ChannelCommands.class,
      MarketCommands.class,
      ReadCommands.Earnings.class,
      ModelCommands.Group.class,
      ModelCommands.Settle.class,
      ModelCommands.Release.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  SOA_PRIVATE_KEY=0x… ./soa call 7 tokens --data '{\"text\": \"Hi.\"}' --max-price 2000000000000000",
      "  ./soa offers 7",
      "  SOA_PRIVATE_KEY=0x… ./soa earnings --json",
      "  SOA_PRIVATE_KEY=0x… ./soa model publish --name Sentiment --feature tokens --endpoint URL"
          + " --digest 0x…"
    })
public final class SoaCli {
  /** What to do next, for the refusals a user meets most. */
  private static final java.util.Map<String, String> HINTS =
      java.util.Map.of(
          "no-entitlement",
          "to pay per call, add --max-price <base units> (./soa offers <model> shows the price),"
              + " or buy a licence",
          "feature-not-covered",
          "your licence does not cover this feature: pay per call with --max-price",
          "quota-exhausted",
          "your licence has no calls left: pay per call with --max-price, or buy another",
          "unauthorized",
          "the sign-in was refused: check the key and the deployment's URL");

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; its exit code (0 done, 1 refused or failed, 2 bad usage). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new SoaCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof SoaException s) {
            err.println("soa: " + s.type() + ": " + s.getMessage().replaceFirst("^[^:]*: ", ""));
            String hint = HINTS.get(s.type());
            if (hint != null) {
              err.println("     " + hint);
            }
            return 1;
          }
          if (e instanceof IllegalArgumentException a) {
            err.println("soa: " + a.getMessage());
            return 2;
          }
          throw e;
        });
    return cl.execute(args);
  }
}
