package io.soa.model.nlp;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import opennlp.tools.lemmatizer.LemmatizerME;
import opennlp.tools.lemmatizer.LemmatizerModel;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTaggerME;
import opennlp.tools.sentdetect.SentenceDetectorME;
import opennlp.tools.sentdetect.SentenceModel;
import opennlp.tools.tokenize.TokenizerME;
import opennlp.tools.tokenize.TokenizerModel;
import org.jboss.logging.Logger;

/**
 * Apache OpenNLP's models, loaded once at start from the Maven Central artifacts on the classpath
 * (language detection for 103 languages; English sentences, tokens, part-of-speech tags and lemmas
 * from the Universal Dependencies EWT treebank). Models are thread-safe, their *ME runners are not:
 * each thread gets its own.
 */
@ApplicationScoped
@Startup
public class Models {
  private static final Logger LOG = Logger.getLogger(Models.class);

  private final ThreadLocal<LanguageDetectorME> languages;
  private final ThreadLocal<SentenceDetectorME> sentences;
  private final ThreadLocal<TokenizerME> tokenizer;
  private final ThreadLocal<POSTaggerME> tagger;
  private final ThreadLocal<LemmatizerME> lemmatizer;

  public Models() {
    long t0 = System.nanoTime();
    try {
      LanguageDetectorModel lang = new LanguageDetectorModel(open("/langdetect-183.bin"));
      SentenceModel sent = new SentenceModel(open("/opennlp-en-ud-ewt-sentence-1.3-2.5.4.bin"));
      TokenizerModel tok = new TokenizerModel(open("/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin"));
      POSModel pos = new POSModel(open("/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin"));
      LemmatizerModel lem = new LemmatizerModel(open("/opennlp-en-ud-ewt-lemmas-1.3-2.5.4.bin"));
      languages = ThreadLocal.withInitial(() -> new LanguageDetectorME(lang));
      sentences = ThreadLocal.withInitial(() -> new SentenceDetectorME(sent));
      tokenizer = ThreadLocal.withInitial(() -> new TokenizerME(tok));
      tagger = ThreadLocal.withInitial(() -> new POSTaggerME(pos));
      lemmatizer = ThreadLocal.withInitial(() -> new LemmatizerME(lem));
    } catch (IOException e) {
      throw new UncheckedIOException("an OpenNLP model did not load", e);
    }
    LOG.infof("OpenNLP models loaded in %d ms", (System.nanoTime() - t0) / 1_000_000);
  }

  private static InputStream open(String resource) {
    InputStream in = Models.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(resource + " is not on the classpath (its model artifact)");
    }
    return in;
  }

  /** The most likely languages (ISO 639-3), best first, with their confidence. */
  public List<Language> languages(String text, int n) {
    Language[] all = languages.get().predictLanguages(text);
    return Arrays.asList(all).subList(0, Math.min(n, all.length));
  }

  public List<String> sentences(String text) {
    return List.of(sentences.get().sentDetect(text));
  }

  public List<String> tokens(String text) {
    return List.of(tokenizer.get().tokenize(text));
  }

  public List<String> tags(List<String> tokens) {
    return List.of(tagger.get().tag(tokens.toArray(String[]::new)));
  }

  public List<String> lemmas(List<String> tokens, List<String> tags) {
    return List.of(
        lemmatizer.get().lemmatize(tokens.toArray(String[]::new), tags.toArray(String[]::new)));
  }
}
