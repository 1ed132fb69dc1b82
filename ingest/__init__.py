"""Receiving files and driving the pipeline through the queue.

`intake` checks what arrived, `service` stores originals and enqueues, `actors` run the pipeline
(`pipeline`) in dramatiq workers, `results` translates between `ocr`'s results, `storage`'s
records and the contract's JSON. Sits above `ocr` and `storage`, below `api`.
"""
