using IssueSync.Sdk.Tests.Conventions.ScannerFixtures;

namespace IssueSync.Sdk.Tests.Conventions;

/// <summary>
/// The scanner behind the layering tests, run on the fixtures of this assembly: a reference made
/// only one way is found, reported for the type and member written in the source.
/// </summary>
public sealed class ReferenceScannerTests
{
    [Fact]
    public void Finds_a_reference_made_only_in_a_lambda_body() =>
        AssertFinds(typeof(UsesLambda), typeof(LambdaTarget), "Make");

    [Fact]
    public void Finds_a_reference_made_only_in_a_lambda_that_captures_a_variable() =>
        AssertFinds(typeof(UsesCapturingLambda), typeof(CapturingLambdaTarget), "Make");

    [Fact]
    public void Finds_a_reference_made_only_in_an_async_method() =>
        AssertFinds(typeof(UsesAsync), typeof(AsyncTarget), nameof(UsesAsync.RunAsync));

    [Fact]
    public void Finds_a_reference_made_only_in_an_iterator() =>
        AssertFinds(typeof(UsesIterator), typeof(IteratorTarget), nameof(UsesIterator.Numbers));

    [Fact]
    public void Finds_a_reference_made_only_in_a_static_local_function() =>
        AssertFinds(typeof(UsesLocalFunction), typeof(LocalFunctionTarget), nameof(UsesLocalFunction.Run));

    [Fact]
    public void Finds_a_reference_made_only_as_a_generic_argument_of_a_constructed_type() =>
        AssertFinds(typeof(UsesGenericArgument), typeof(GenericArgumentTarget), nameof(UsesGenericArgument.Count));

    [Fact]
    public void Finds_a_reference_made_only_as_a_generic_method_argument() =>
        AssertFinds(typeof(UsesGenericMethodArgument), typeof(GenericMethodArgumentTarget), nameof(UsesGenericMethodArgument.Make));

    [Fact]
    public void Resolves_a_body_token_that_needs_the_declaring_types_generic_arguments() =>
        AssertFinds(typeof(UsesGenericContext<>), typeof(GenericContextTarget), nameof(UsesGenericContext<int>.Count));

    [Fact]
    public void Finds_a_reference_made_only_with_typeof() =>
        AssertFinds(typeof(UsesTypeof), typeof(TypeofTarget), nameof(UsesTypeof.Get));

    [Fact]
    public void Finds_a_reference_made_only_by_a_static_field_access() =>
        AssertFinds(typeof(UsesStaticField), typeof(StaticFieldTarget), nameof(UsesStaticField.Read));

    [Fact]
    public void Finds_a_reference_made_only_by_a_catch_clause() =>
        AssertFinds(typeof(UsesCatch), typeof(CatchTarget), nameof(UsesCatch.Try));

    [Fact]
    public void Finds_an_attribute_and_a_type_given_to_an_attribute()
    {
        AssertFinds(typeof(UsesAttribute), typeof(AttributeTargetAttribute), "attribute");
        AssertFinds(typeof(UsesAttributeArgument), typeof(AttributeArgumentTarget), "attribute");
    }

    [Fact]
    public void Finds_a_generic_constraint() =>
        AssertFinds(typeof(UsesConstraint), typeof(IConstraintTarget), nameof(UsesConstraint.Make));

    [Fact]
    public void Finds_the_element_type_of_a_byref_and_of_an_array()
    {
        AssertFinds(typeof(UsesByRef), typeof(ByRefTarget), nameof(UsesByRef.Reset));
        AssertFinds(typeof(UsesArray), typeof(ArrayTarget), nameof(UsesArray.Items));
    }

    [Fact]
    public void Reports_a_reference_made_in_a_nested_type_for_that_nested_type() =>
        AssertFinds(typeof(UsesNested), typeof(NestedTarget), nameof(UsesNested.Inner.Make), owner: typeof(UsesNested.Inner));

    [Fact]
    public void A_compiler_generated_type_is_scanned_as_a_type_of_its_own()
    {
        // The state machine holds the body: scanning the declaring type alone does not see it, which is why
        // the layering test scans every type of the assembly, nested and generated ones included.
        Assert.DoesNotContain(ReferenceScanner.ReferencesOf(typeof(UsesAsync)), reference => reference.Target == typeof(AsyncTarget));
        var stateMachine = Assert.Single(typeof(UsesAsync).GetNestedTypes(System.Reflection.BindingFlags.NonPublic));
        Assert.Equal(typeof(UsesAsync), ReferenceScanner.OwnerOf(stateMachine));
        Assert.Contains(new TypeReference(typeof(UsesAsync), nameof(UsesAsync.RunAsync), typeof(AsyncTarget)), ReferenceScanner.ReferencesOf(stateMachine));
    }

    [Fact]
    public void Names_the_members_the_compiler_generates_after_the_source_method()
    {
        // The lambda <Make>b__0_0 and its cached delegate <>9__0_0, both in <>c, are Make's.
        var found = ReferenceScanner.ReferencesOfTypeAndNested(typeof(UsesLambda));

        Assert.Contains(found, reference => reference.Target == typeof(Func<>) && reference.Member == nameof(UsesLambda.Make));
        Assert.DoesNotContain(found, reference => reference.Member.StartsWith('<'));
        Assert.All(found, reference => Assert.Equal(typeof(UsesLambda), reference.Owner));
    }

    [Fact]
    public void Finds_nothing_that_is_not_there()
    {
        var fixtures = typeof(UsesNothing).Assembly.GetTypes().Where(type => type.Namespace == typeof(UsesNothing).Namespace).ToList();

        var ofNothing = ReferenceScanner.ReferencesOfTypeAndNested(typeof(UsesNothing));
        var ofLambda = ReferenceScanner.ReferencesOfTypeAndNested(typeof(UsesLambda));

        Assert.True(fixtures.Count > 20, $"only {fixtures.Count} fixture types were found");
        // A fixture mentions itself (and its generated nested types) and its own target, nothing else of the fixtures.
        Assert.DoesNotContain(ofNothing, reference => reference.Target.Namespace == typeof(UsesNothing).Namespace && ReferenceScanner.OwnerOf(reference.Target) != typeof(UsesNothing));
        Assert.DoesNotContain(ofLambda, reference => reference.Target.Namespace == typeof(UsesNothing).Namespace && ReferenceScanner.OwnerOf(reference.Target) != typeof(UsesLambda) && reference.Target != typeof(LambdaTarget));
        Assert.DoesNotContain(fixtures.Where(type => type != typeof(UnreferencedTarget)).SelectMany(ReferenceScanner.ReferencesOf), reference => reference.Target == typeof(UnreferencedTarget));
    }

    private static void AssertFinds(Type fixture, Type target, string member, Type? owner = null)
    {
        var found = ReferenceScanner.ReferencesOfTypeAndNested(fixture);
        var expected = new TypeReference(owner ?? fixture, member, target);

        Assert.True(
            found.Contains(expected),
            $"{expected} not found; {fixture.Name} references {target.Name} as: "
            + string.Join("; ", found.Where(reference => reference.Target == target).Select(reference => $"{reference.Owner.Name}.{reference.Member}")));
    }
}
