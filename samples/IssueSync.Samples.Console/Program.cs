System.Console.WriteLine("IssueSync.Sdk sample");
