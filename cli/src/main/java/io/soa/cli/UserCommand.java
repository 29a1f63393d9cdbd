package io.soa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** What every user command shares: the deployment, the key, the output, and how it prints. */
abstract class UserCommand implements Callable<Integer> {
  @Mixin Options.Deployment deployment;
  @Mixin Options.Key key;
  @Mixin Options.Output output;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** The result: {@code json} for scripts (--json), {@code words} for people. */
  int done(JsonNode json, String words) {
    out().println(output.json ? json.toString() : words);
    return 0;
  }

  /** A progress line (stderr) for what waits on the chain. */
  void progress(String what) {
    spec.commandLine().getErr().println(what + " …");
  }
}
