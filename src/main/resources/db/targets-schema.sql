-- This run's targets and their outcomes (the process-indicator pattern): a row with no OUTCOME is still to do.
-- Portable between H2 and PostgreSQL.
CREATE TABLE IF NOT EXISTS EIR_TARGET (
    RUN_ID            VARCHAR(64)   NOT NULL,
    LINE              BIGINT        NOT NULL,
    ACCOUNT_ID        VARCHAR(128),
    REGION            VARCHAR(128),
    CLUSTER_NAME      VARCHAR(256),
    PROVIDER_TYPE     VARCHAR(128),
    PROVIDER_NAME     VARCHAR(256),
    ROLE_ARN          VARCHAR(512),
    TARGET_KEY        VARCHAR(1024),
    ACTIONABLE        BOOLEAN       NOT NULL,
    OUTCOME           VARCHAR(32),
    UPDATE_ID         VARCHAR(64),
    UPDATE_STATUS     VARCHAR(32),
    ERROR_CODE        VARCHAR(128),
    ERROR_MESSAGE     VARCHAR(2000),
    ATTEMPTS          INT           DEFAULT 0 NOT NULL,
    UPDATE_CREATED_AT TIMESTAMP WITH TIME ZONE,
    UPDATE_PARAMS     VARCHAR(4000),
    UPDATE_ERRORS     VARCHAR(4000),
    PARTITION_KEY     VARCHAR(64),
    REMOVED_CONFIG    VARCHAR(100000),
    -- The job execution that recorded the row's outcome (the first one; a later wait only updates its status), so a
    -- summary after stops and resumes counts each change once and says which execution made it.
    DONE_BY_EXECUTION BIGINT,
    PRIMARY KEY (RUN_ID, LINE)
);
CREATE INDEX IF NOT EXISTS EIR_TARGET_BUCKET ON EIR_TARGET (RUN_ID, ACCOUNT_ID, REGION, LINE);
-- Columns added after the first release (PARTITION_KEY: the remediate step's partition of the row, its bucket or a
-- pack of small buckets; REMOVED_CONFIG: apply's full description of the config it removes, for restore;
-- DONE_BY_EXECUTION) are
-- added by RepositorySchema only when missing: an ALTER TABLE, even one that finds the column, waits for every
-- open transaction on the table and makes every later one wait behind it.
CREATE INDEX IF NOT EXISTS EIR_TARGET_PARTITION ON EIR_TARGET (RUN_ID, PARTITION_KEY, LINE);
-- A run's intent, written before its id is shown: a run killed before its job execution existed can still be told
-- apart from one that never was, and started again with the same command.
CREATE TABLE IF NOT EXISTS EIR_RUN (
    RUN_ID        VARCHAR(64)    NOT NULL PRIMARY KEY,
    MODE          VARCHAR(16)    NOT NULL,
    COMMAND_LINE  VARCHAR(8000)  NOT NULL,
    CREATED_AT    TIMESTAMP WITH TIME ZONE NOT NULL
);
