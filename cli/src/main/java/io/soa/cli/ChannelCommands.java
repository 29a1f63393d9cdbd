package io.soa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.client.Channels;
import java.math.BigInteger;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code soa channel open|status|close}: a payer's payment channels on the escrow. */
@Command(
    name = "channel",
    mixinStandardHelpOptions = true,
    description =
        "Pay per call from a deposit: open a channel to a model, see it, close it after expiry."
            + " Calls use it with ./soa call --channel <id> --max-price <base units>.",
    subcommands = {
      ChannelCommands.Open.class,
      ChannelCommands.Status.class,
      ChannelCommands.Close.class
    })
final class ChannelCommands implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every channel command shares. */
  abstract static class ChannelCommand extends UserCommand {
    Channels channels() {
      return new Channels(deployment.urls(), deployment.chain(), key.wallet());
    }
  }

  @Command(
      name = "open",
      mixinStandardHelpOptions = true,
      description = "Open a channel to a model with a deposit (approved exactly; you pay the gas).",
      footer = {"", "Example:", "  ./soa channel open 7 --deposit 100000000000000000 --days 2"})
  static final class Open extends ChannelCommand {
    @Parameters(index = "0", description = "the model's on-chain id")
    BigInteger model;

    @Option(names = "--deposit", required = true, description = "locked for its calls, base units")
    BigInteger deposit;

    @Option(
        names = "--days",
        defaultValue = "2",
        description = "until it expires (default ${DEFAULT-VALUE})")
    long days;

    @Override
    public Integer call() {
      spec.commandLine()
          .getErr()
          .println("opening a channel to model " + model + ": waiting for the chain …");
      BigInteger id = channels().open(model, deposit, Duration.ofDays(days));
      spec.commandLine()
          .getOut()
          .println(
              output.json
                  ? CallCommand.JSON.createObjectNode().put("channelId", id.toString()).toString()
                  : "channel "
                      + id
                      + " open (./soa call "
                      + model
                      + " <feature> --channel "
                      + id
                      + " --max-price <base units>)");
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "A channel as payment-service sees it: deposit, charged, credit, claimed.")
  static final class Status extends ChannelCommand {
    @Parameters(index = "0", description = "the channel's id")
    BigInteger id;

    @Override
    public Integer call() {
      JsonNode s = channels().status(id);
      var out = spec.commandLine().getOut();
      if (output.json) {
        out.println(s);
      } else {
        out.printf(
            "channel %s (%s) to model %s: deposit %s, charged %s, credit %s, claimed %s, expires %s%n",
            id,
            s.path("state").asText(),
            s.path("modelId").asText(),
            s.path("deposit").asText(),
            s.path("charged").asText(),
            s.path("credit").asText(),
            s.path("claimedOnChain").asText(),
            java.time.Instant.ofEpochSecond(s.path("expiresAt").asLong()));
      }
      return 0;
    }
  }

  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = "Close an expired channel: what was not claimed goes back to you.")
  static final class Close extends ChannelCommand {
    @Parameters(index = "0", description = "the channel's id")
    BigInteger id;

    @Override
    public Integer call() {
      BigInteger refund = channels().close(id);
      spec.commandLine()
          .getOut()
          .println(
              output.json
                  ? CallCommand.JSON.createObjectNode().put("refund", refund.toString()).toString()
                  : "channel " + id + " closed: " + refund + " base units back to you");
      return 0;
    }
  }
}
