"""Where items come from. A source yields `kb.protocols.Item`s and never writes
to the index; the pipeline decides what to do with each."""
