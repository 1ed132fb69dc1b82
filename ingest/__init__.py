"""Receiving files and driving the pipeline through the queue, in six families (each a sub-package).

- `receiving`: what arrived is checked (`intake`, `poppler`, `split`) and stored, catalogued and enqueued
  (`service`).
- `digitising`: one document through the pipeline (`pipeline`), the two sides of one ID card uploaded as two
  files put together (`pairing`), and the translations between `ocr`'s results, `storage`'s records and the
  contract's JSON (`results`).
- `queueing`: the broker (`broker`), the dramatiq actors (`actors`), webhook deliveries (`webhooks`) and the
  stuck-document sweeper (`maintenance`).
- `batches`: a folder, manifest or scanner stack run resumably (`batch_source`, `batch`, `stacks`,
  `progress`, `report`).
- `reads`: what clerks and operators read back: corrections (`review`), search (`search`), health (`health`).
- `signing`: the centre's signature on the digitised copy (keys, PAdES signing, verification).

`context` holds the process's store and catalogue. Sits above `ocr` and `storage`, below `api`.
"""
