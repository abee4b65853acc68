import GRDB

extension MemoryStore {
  /// The store's migrations, by name, in order. They are append-only: a migration that has
  /// shipped is never edited; a change of schema is a new migration.
  ///
  /// - `1 units`: the `unit` table (one row per distinct unit), its identity index, the
  ///   partial index on short source keys, and two FTS5 trigram indexes (external
  ///   content, `detail=none`, `columnsize=0`) over the source and target keys, which
  ///   the writer filled row by row (deletes and key changes by triggers) until migration
  ///   3 replaced them.
  /// - `2 import runs`: `importRun`, one row per import of a file, with the count of the
  ///   file's units committed so far (the checkpoint an interrupted import resumes from).
  /// - `3 trigram index`: replaces the FTS5 indexes, their vocabulary and triggers by the
  ///   store's own trigram index (``GramIndex``: `unitGramSegment`, `unitGramBlock`), built
  ///   from the stored units.
  /// - `4 import undo`: `importAddedUnits` and `importMergedUnit`, what an import with
  ///   `--on-error fail` has written so far, to undo it when it meets a bad entry.
  /// - `5 identity index by language pair`: replaces the unique index on `identity` by one
  ///   on `(sourceLanguage, targetLanguage, identity)`. An identity includes the languages,
  ///   and stored tags are canonical, so the same units are unique; a batch of one pair
  ///   then changes one part of the index instead of most of its pages.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("1 units") { db in
      try db.execute(
        sql: """
          CREATE TABLE unit (
            id INTEGER PRIMARY KEY,
            identity BLOB NOT NULL,
            sourceLanguage TEXT NOT NULL,
            targetLanguage TEXT NOT NULL,
            source TEXT NOT NULL,
            sourceMarkup TEXT,
            target TEXT NOT NULL,
            targetMarkup TEXT,
            sourceKey TEXT NOT NULL,
            targetKey TEXT NOT NULL,
            originFile TEXT,
            originTool TEXT,
            createdAt INTEGER,
            createdBy TEXT,
            changedAt INTEGER,
            changedBy TEXT,
            lastUsedAt INTEGER,
            usageCount INTEGER NOT NULL DEFAULT 1,
            context TEXT,
            properties TEXT,
            notes TEXT
          );
          CREATE UNIQUE INDEX unit_identity ON unit(identity);
          CREATE INDEX unit_shortSourceKey ON unit(sourceKey) WHERE length(sourceKey) < 8;
          CREATE VIRTUAL TABLE unitSourceIndex USING fts5(
            sourceKey, content='unit', content_rowid='id', tokenize='trigram case_sensitive 1', detail='none',
            columnsize=0);
          CREATE VIRTUAL TABLE unitTargetIndex USING fts5(
            targetKey, content='unit', content_rowid='id', tokenize='trigram case_sensitive 1', detail='none',
            columnsize=0);
          CREATE VIRTUAL TABLE unitSourceVocabulary USING fts5vocab(unitSourceIndex, 'row');
          CREATE TRIGGER unit_afterDelete AFTER DELETE ON unit BEGIN
            INSERT INTO unitSourceIndex(unitSourceIndex, rowid, sourceKey)
              VALUES ('delete', old.id, old.sourceKey);
            INSERT INTO unitTargetIndex(unitTargetIndex, rowid, targetKey)
              VALUES ('delete', old.id, old.targetKey);
          END;
          CREATE TRIGGER unit_afterKeyUpdate AFTER UPDATE OF sourceKey, targetKey ON unit BEGIN
            INSERT INTO unitSourceIndex(unitSourceIndex, rowid, sourceKey)
              VALUES ('delete', old.id, old.sourceKey);
            INSERT INTO unitTargetIndex(unitTargetIndex, rowid, targetKey)
              VALUES ('delete', old.id, old.targetKey);
            INSERT INTO unitSourceIndex(rowid, sourceKey) VALUES (new.id, new.sourceKey);
            INSERT INTO unitTargetIndex(rowid, targetKey) VALUES (new.id, new.targetKey);
          END;
          """)
    }
    migrator.registerMigration("2 import runs") { db in
      try db.execute(
        sql: """
          CREATE TABLE importRun (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            settings TEXT NOT NULL,
            itemsDone INTEGER NOT NULL DEFAULT 0,
            added INTEGER NOT NULL DEFAULT 0,
            merged INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            startedAt INTEGER NOT NULL,
            finishedAt INTEGER
          );
          CREATE INDEX importRun_fingerprint ON importRun(fingerprint, settings);
          """)
    }
    migrator.registerMigration("3 trigram index") { db in
      try db.execute(
        sql: """
          DROP TRIGGER unit_afterDelete;
          DROP TRIGGER unit_afterKeyUpdate;
          DROP TABLE unitSourceVocabulary;
          DROP TABLE unitSourceIndex;
          DROP TABLE unitTargetIndex;
          CREATE TABLE unitGramSegment (
            id INTEGER PRIMARY KEY,
            side INTEGER NOT NULL,
            level INTEGER NOT NULL,
            firstUnit INTEGER NOT NULL,
            lastUnit INTEGER NOT NULL,
            units INTEGER NOT NULL,
            vocabulary BLOB NOT NULL
          );
          CREATE TABLE unitGramBlock (
            segment INTEGER NOT NULL,
            firstGram INTEGER NOT NULL,
            postings BLOB NOT NULL,
            PRIMARY KEY (segment, firstGram)
          ) WITHOUT ROWID;
          """)
      try GramIndex.rebuild(db)
    }
    migrator.registerMigration("4 import undo") { db in
      try db.execute(
        sql: """
          CREATE TABLE importAddedUnits (
            run INTEGER NOT NULL,
            firstUnit INTEGER NOT NULL,
            lastUnit INTEGER NOT NULL
          );
          CREATE TABLE importMergedUnit (
            run INTEGER NOT NULL,
            unit INTEGER NOT NULL,
            usageCount INTEGER NOT NULL,
            changedAt INTEGER,
            changedBy TEXT,
            lastUsedAt INTEGER
          );
          """)
    }
    migrator.registerMigration("5 identity index by language pair") { db in
      try db.execute(
        sql: """
          DROP INDEX unit_identity;
          CREATE UNIQUE INDEX unit_pairIdentity ON unit(sourceLanguage, targetLanguage, identity);
          """)
    }
    return migrator
  }
}
