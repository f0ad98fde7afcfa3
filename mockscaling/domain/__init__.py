"""Records and pure rules: the models, the error classes, the clock, ids, rotations and working hours (imports only chosen/)."""
