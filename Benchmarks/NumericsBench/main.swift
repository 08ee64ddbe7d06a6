print("numerics-bench")
