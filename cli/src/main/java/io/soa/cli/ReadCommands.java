package io.soa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The commands that read: a model's offers, your licences, your models' earnings. */
final class ReadCommands {
  private ReadCommands() {}

  @Command(
      name = "offers",
      mixinStandardHelpOptions = true,
      description = "A model's prices per call and the licence tiers on sale.",
      footer = {"", "Example:", "  ./soa offers 7"})
  static final class Offers implements Callable<Integer> {
    @Parameters(index = "0", description = "the model's on-chain id")
    String model;

    @Mixin Options.Deployment deployment;
    @Mixin Options.Output output;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      JsonNode o = deployment.client().offers(model);
      PrintWriter out = spec.commandLine().getOut();
      if (output.json) {
        out.println(o);
        return 0;
      }
      out.println(
          "model "
              + model
              + " on chain "
              + o.path("chainId").asText()
              + ", owner "
              + o.path("owner").asText());
      for (JsonNode f : o.path("features")) {
        out.printf(
            "  %-24s %s%n",
            f.path("feature").asText(),
            f.path("pricePerCall").isTextual()
                ? f.path("pricePerCall").asText() + " base units a call"
                : "not sold per call");
      }
      for (JsonNode t : o.path("tiers")) {
        out.printf(
            "  tier %-4s %s base units, %s calls, %s s, %s left (null: unlimited)%n",
            t.path("tierId").asText(),
            t.path("price").asText(),
            t.path("callQuota").asText(),
            t.path("durationSeconds").asText(),
            t.path("supplyLeft").asText());
      }
      return 0;
    }
  }

  @Command(
      name = "licences",
      mixinStandardHelpOptions = true,
      description = "Your licences: model, tier, calls left, expiry.")
  static class Licences extends UserCommand {
    @Option(names = "--holder", description = "whose (default: your key's address)")
    String holder;

    @Override
    public Integer call() {
      JsonNode l = deployment.client().licences(holder != null ? holder : key.wallet().address());
      PrintWriter out = spec.commandLine().getOut();
      if (output.json) {
        out.println(l);
        return 0;
      }
      for (JsonNode e : l) {
        out.printf(
            "licence %s of model %s: %s calls left, until %s%n",
            e.path("licenseId").asText(),
            e.path("modelId").asText(),
            e.path("callsLeft").asText(),
            e.path("expiresAt").asText());
      }
      if (l.isEmpty()) {
        out.println("no licences");
      }
      return 0;
    }
  }

  @Command(
      name = "earnings",
      mixinStandardHelpOptions = true,
      description = "What your models earned, per model and feature.")
  static final class Earnings extends UserCommand {
    @Option(names = "--owner", description = "whose (default: your key's address)")
    String owner;

    @Override
    public Integer call() {
      String who = owner != null ? owner : key.wallet().address();
      JsonNode e = deployment.client().earnings(who);
      PrintWriter out = spec.commandLine().getOut();
      if (output.json) {
        out.println(e);
        return 0;
      }
      out.println("earnings of " + who + " ($SOA base units)");
      out.println("  paid by the escrow: " + e.path("paid").asText("0"));
      for (JsonNode x : e.path("x402")) {
        out.printf(
            "  model %s, payee %s: x402 exact %s, channels owed %s, settled %s%n",
            x.path("modelId").asText(),
            x.path("payee").asText(),
            x.path("exactPaid").asText("0"),
            x.path("channelsOwed").asText("0"),
            x.path("channelsSettled").asText("0"));
      }
      return 0;
    }
  }
}
