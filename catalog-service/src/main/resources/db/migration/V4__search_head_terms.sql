-- A top-k index for one-word searches. For a single-term query, PostgreSQL's ts_rank depends
-- only on that term's positions and weights in the model's vector, and its value falls in
-- [w/1.645, w] for the heaviest weight w the term has there (A 1.0, B 0.4, C 0.2, D 0.1).
-- So every model that has the term in its name, summary, tags, task, framework or modality
-- (weights A-C, rank >= 0.1216) outranks every model that has it only in the description
-- (rank <= 0.1). This table holds, for each model and each A-C term, the exact rank a
-- one-word search gives it; a search reads its top rows from the index in rank order instead
-- of ranking every match (a broad word matches a third of the catalog), and ranks only the
-- description-only matches, and only when a page reaches past the indexed ones.
CREATE TABLE model_search_term (
    term     TEXT NOT NULL, -- the term as tsquery text, e.g. 'translat', as websearch_to_tsquery prints it
    rank     REAL NOT NULL, -- ts_rank(search, term::tsquery)
    model_id UUID NOT NULL REFERENCES model (id) ON DELETE CASCADE
);

-- The A-C terms of a search vector, each with the rank a one-word search of it gives.
CREATE FUNCTION model_head_terms(v tsvector) RETURNS TABLE (term text, rank real)
LANGUAGE sql IMMUTABLE AS $$
    SELECT t.term, ts_rank(v, t.term::tsquery)
    FROM unnest(v) u,
         LATERAL (SELECT format('''%s''', replace(replace(u.lexeme, '\', '\\'), '''', ''''''))
                         ::tsquery::text AS term) t
    WHERE u.weights && '{A,B,C}'
$$;

CREATE FUNCTION model_search_terms() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM model_search_term WHERE model_id = NEW.id;
    INSERT INTO model_search_term (term, rank, model_id)
    SELECT h.term, h.rank, NEW.id FROM model_head_terms(NEW.search) h;
    RETURN NULL;
END $$;

CREATE TRIGGER model_search_terms_insert AFTER INSERT ON model
    FOR EACH ROW EXECUTE FUNCTION model_search_terms();
CREATE TRIGGER model_search_terms_update AFTER UPDATE ON model
    FOR EACH ROW WHEN (OLD.search IS DISTINCT FROM NEW.search) EXECUTE FUNCTION model_search_terms();

INSERT INTO model_search_term (term, rank, model_id)
SELECT h.term, h.rank, m.id FROM model m, model_head_terms(m.search) h;

-- Walked backwards for rank DESC, model_id DESC; the second serves the trigger's delete.
CREATE INDEX model_search_term_rank ON model_search_term (term, rank, model_id);
CREATE INDEX model_search_term_model ON model_search_term (model_id);
