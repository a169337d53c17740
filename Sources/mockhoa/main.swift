print("mockhoa")
