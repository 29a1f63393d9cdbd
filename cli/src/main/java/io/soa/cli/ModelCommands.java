package io.soa.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.client.Seller;
import io.soa.client.SoaClient;
import io.soa.client.Wallet;
import java.math.BigInteger;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A seller's commands: publish, tokenize and price a model; settle now; release its payee. */
final class ModelCommands {
  private ModelCommands() {}

  /** What every seller command shares: the deployment, the key, the output. */
  abstract static class SellerCommand extends UserCommand {
    Seller seller() {
      Wallet w = key.wallet();
      SoaClient.Urls urls = deployment.urls();
      return new Seller(urls, deployment.chain(), w, new SoaClient(urls).signIn(w));
    }
  }

  @Command(
      name = "model",
      mixinStandardHelpOptions = true,
      description = "Publish, tokenize and price your models.",
      subcommands = {
        Publish.class,
        Tokenize.class,
        Price.class,
        Terms.class,
        TierCommand.class,
        ListForSale.class
      })
  static final class Group implements Runnable {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = "Register a model in the catalog: its endpoint, features and artifact digest.",
      footer = {
        "",
        "Example:",
        "  ./soa model publish --name 'Sentiment' --feature tokens --feature pos-tags \\",
        "      --endpoint https://models.example/sentiment --digest 0x<sha-256 of the artifact>"
      })
  static final class Publish extends SellerCommand {
    @Option(names = "--name", required = true, description = "its name")
    String name;

    @Option(
        names = "--task",
        defaultValue = "other",
        description = "its task, e.g. text-classification")
    String task;

    @Option(names = "--feature", required = true, description = "a feature id (repeat for each)")
    List<String> features;

    @Option(names = "--endpoint", required = true, description = "where the gateway calls it")
    String endpoint;

    @Option(
        names = "--digest",
        required = true,
        description = "its artifact's digest (0x + 64 hex)")
    String digest;

    @Override
    public Integer call() {
      Seller.Registered r = seller().register(name, task, features, endpoint, digest);
      ObjectNode j =
          CallCommand.JSON.createObjectNode().put("id", r.id()).put("catalogId", r.catalogId());
      return done(
          j,
          "registered "
              + r.id()
              + " (catalog id "
              + r.catalogId()
              + "): now ./soa model tokenize "
              + r.id());
    }
  }

  @Command(
      name = "tokenize",
      mixinStandardHelpOptions = true,
      description = "Mint the model's ownership token on chain (you pay the gas): its on-chain id.",
      footer = {
        "",
        "Example:",
        "  ./soa model tokenize 2bdbeb78-525e-45c6-8a8b-39a3f2741f7b --royalty-bps 500"
      })
  static final class Tokenize extends SellerCommand {
    @Parameters(index = "0", description = "the catalog's id of the model (./soa model publish)")
    String id;

    @Option(
        names = "--royalty-bps",
        defaultValue = "500",
        description = "royalty on resales, in basis points (default ${DEFAULT-VALUE})")
    int royaltyBps;

    @Override
    public Integer call() {
      progress("tokenizing " + id + ": waiting for the transaction to be mined");
      BigInteger model = seller().tokenize(id, royaltyBps);
      return done(
          CallCommand.JSON.createObjectNode().put("modelId", model.toString()),
          "tokenized: model "
              + model
              + " (now ./soa model price "
              + model
              + " <feature> <base units>)");
    }
  }

  @Command(
      name = "price",
      mixinStandardHelpOptions = true,
      description =
          "Set a feature's price per call, in $SOA base units (0 stops selling it per call).",
      footer = {"", "Example:", "  ./soa model price 7 tokens 1000000000000000"})
  static final class Price extends SellerCommand {
    @Parameters(index = "0", description = "the model's on-chain id")
    BigInteger model;

    @Parameters(index = "1", description = "the feature id")
    String feature;

    @Parameters(index = "2", description = "the price per call, in base units")
    BigInteger price;

    @Override
    public Integer call() {
      progress("pricing " + feature + " of model " + model + ": waiting for the transaction");
      String tx = seller().price(model, feature, price);
      return done(
          CallCommand.JSON.createObjectNode().put("transaction", tx),
          feature + " of model " + model + " costs " + price + " base units a call (" + tx + ")");
    }
  }

  @Command(
      name = "terms",
      mixinStandardHelpOptions = true,
      description =
          "Publish a licence terms document (Markdown) for a model: its keccak-256, the digest a"
              + " tier names.",
      footer = {"", "Example:", "  ./soa model terms 2bdbeb78-… terms.md"})
  static final class Terms extends SellerCommand {
    @Parameters(index = "0", description = "the catalog's id of the model")
    String id;

    @Parameters(index = "1", description = "the document's file")
    java.nio.file.Path file;

    @Override
    public Integer call() throws Exception {
      String digest = seller().terms(id, java.nio.file.Files.readAllBytes(file));
      return done(
          CallCommand.JSON.createObjectNode().put("termsDigest", digest),
          "published: terms " + digest + " (give it to ./soa model tier --terms-digest)");
    }
  }

  @Command(
      name = "tier",
      mixinStandardHelpOptions = true,
      description = "Put licences of a model on sale: price, duration, calls, supply, features.",
      footer = {
        "",
        "Example:",
        "  ./soa model tier 7 --price 50000000000000000000 --duration 2592000 --quota 1000 \\",
        "      --supply 100 --feature tokens --terms-digest 0x…"
      })
  static final class TierCommand extends SellerCommand {
    @Parameters(index = "0", description = "the model's on-chain id")
    BigInteger model;

    @Option(names = "--price", required = true, description = "a licence's price, base units")
    BigInteger price;

    @Option(
        names = "--duration",
        defaultValue = "0",
        description = "seconds a licence lasts (0: forever)")
    long duration;

    @Option(
        names = "--quota",
        defaultValue = "0",
        description = "calls a licence carries (0: unlimited)")
    long quota;

    @Option(names = "--supply", defaultValue = "0", description = "licences to sell (0: unlimited)")
    long supply;

    @Option(names = "--no-transfer", description = "licences may not be resold")
    boolean noTransfer;

    @Option(names = "--feature", description = "a feature it covers (repeat; none: every feature)")
    List<String> features = List.of();

    @Option(
        names = "--terms-digest",
        defaultValue = "0x0000000000000000000000000000000000000000000000000000000000000000",
        description = "the terms document's digest (./soa model terms)")
    String termsDigest;

    @Override
    public Integer call() {
      progress("creating a tier of model " + model + ": waiting for the transaction");
      BigInteger tier =
          seller()
              .tier(
                  model,
                  new Seller.Tier(
                      price, duration, quota, supply, !noTransfer, termsDigest, features));
      return done(
          CallCommand.JSON.createObjectNode().put("tierId", tier.toString()),
          "tier " + tier + " of model " + model + " on sale (./soa licence buy " + tier + ")");
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List your model's token for sale: whoever buys it owns the model and its future"
              + " earnings (x402 payments follow the owner through its payee).",
      footer = {"", "Example:", "  ./soa model list 7 --price 5000000000000000000"})
  static final class ListForSale extends SellerCommand {
    @Parameters(index = "0", description = "the model's on-chain id")
    BigInteger model;

    @Option(names = "--price", required = true, description = "its price, in $SOA base units")
    BigInteger price;

    @Override
    public Integer call() {
      progress("listing model " + model + ": waiting for the chain");
      BigInteger listing =
          new io.soa.client.Market(deployment.chain(), key.wallet()).listModel(model, price);
      return done(
          CallCommand.JSON.createObjectNode().put("listingId", listing.toString()),
          "listing " + listing + ": model " + model + " for " + price + " base units");
    }
  }

  @Command(
      name = "settle",
      mixinStandardHelpOptions = true,
      description = "Claim now what your model's channels owe (the settler would, in time).")
  static final class Settle extends SellerCommand {
    @Parameters(index = "0", description = "the model's on-chain id")
    BigInteger model;

    @Override
    public Integer call() {
      var s = seller().settle(model);
      return done((ObjectNode) s, "settlements sent: " + s);
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = "Release the model's payee: what x402 paid it goes to its owner, less the fee.")
  static final class Release extends SellerCommand {
    @Parameters(index = "0", description = "the model's on-chain id")
    BigInteger model;

    @Override
    public Integer call() {
      progress("releasing the payee of model " + model + ": waiting for the transaction");
      BigInteger[] r = seller().release(model);
      return done(
          CallCommand.JSON
              .createObjectNode()
              .put("paid", r[0].toString())
              .put("fee", r[1].toString()),
          "released: " + r[0] + " base units to the model's owner, " + r[1] + " fee");
    }
  }
}
