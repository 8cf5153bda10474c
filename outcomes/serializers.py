from rest_framework import serializers

from .models import Plan, Priority, Theme


class PriorityOutputSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    theme = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Priority
        fields = ["code", "kind", "plan", "theme", "text", "order", "source"]


class ThemeOutputSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    priorities = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    indicators = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Theme
        fields = [
            "code",
            "name",
            "plan",
            "statement",
            "order",
            "source",
            "priorities",
            "indicators",
        ]


class PlanOutputSerializer(serializers.ModelSerializer):
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["code", "title", "start_year", "end_year", "vision", "source", "themes"]
