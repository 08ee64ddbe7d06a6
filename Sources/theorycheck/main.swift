print("theorycheck")
