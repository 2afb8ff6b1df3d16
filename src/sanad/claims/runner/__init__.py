"""The batch runner: deciding the fund's received billing files with the engine, chunk after chunk.

`decide` holds the chunk decider and the run; `read*` turn files into the engine's snapshots in a constant
number of queries; `write` writes the decisions in bulk; `workers` spreads a run over processes;
`bench_data` loads the data of the `settle` benchmark.
"""
