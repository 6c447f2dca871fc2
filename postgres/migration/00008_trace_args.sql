-- Traces are stored without their numbers (truce.SplitTrace): the words
-- are interned by hash as before, and each judgement keeps its own numbers
-- and dates. Graded verdicts carry per-incident numbers, which made nearly
-- every whole trace distinct. A trace stored whole (before this) has no
-- marks, and reads back unchanged with empty arguments.
ALTER TABLE judgements ADD COLUMN trace_args text NOT NULL DEFAULT '';
