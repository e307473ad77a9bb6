# SPDX-License-Identifier: GPL-3.0-or-later
"""The national dataset: the counts the issue fixes, and the recipes of shared/backend/recipes.md."""
from testlib import OR, ServerTest, main


class National(ServerTest):
    dataset = "national"

    def total(self, schema, query=""):
        status, body = self.srv.objects(schema, "_limit=1" + ("&" + query if query else ""))
        self.assertEqual(status, 200)
        return body["total"]

    def test_counts(self):
        self.assertEqual(self.total("organisatie", "type=Gemeente"), 342)
        self.assertEqual(self.total("organisatie", "type=Community"), 15)
        self.assertEqual(self.total("organisatie", "status[]=Concept"), 40)
        self.assertEqual(self.total("module"), 6100)
        self.assertEqual(self.total("koppeling"), 3400)
        self.assertEqual(self.total("gebruik"), 40000)
        self.assertEqual(self.total("contactpersoon"), 3000)
        self.assertGreaterEqual(self.total("organisatie", "type=Samenwerking"), 150)
        self.assertEqual(self.srv.objects("menu", "_limit=1", "publication")[1]["total"], 8)

    def test_nothing_is_dated_in_the_future(self):
        import datetime
        now = datetime.datetime.now(datetime.timezone.utc).isoformat()
        for schema in ["organisatie", "contactpersoon", "module", "gebruik", "koppeling", "product"]:
            _, newest = self.srv.objects(schema, "_limit=1&_order[@self.updated]=desc")
            self.assertLessEqual(newest["results"][0]["@self"]["updated"], now, schema)
            _, newest = self.srv.objects(schema, "_limit=1&_order[@self.created]=desc")
            self.assertLessEqual(newest["results"][0]["@self"]["created"], now, schema)

    def test_real_municipalities_with_cbs_codes(self):
        _, body = self.srv.objects("organisatie", "cbsCode=363&_limit=5")
        self.assertEqual([o["naam"] for o in body["results"]], ["Gemeente Amsterdam"])
        _, body = self.srv.objects("organisatie", "_search=sudwest&_limit=5")
        self.assertIn("Gemeente Súdwest-Fryslân", [o["naam"] for o in body["results"]])

    def test_near_duplicate_registrations(self):
        _, concepts = self.srv.objects("organisatie", "status=Concept&_limit=100")
        dup = [c for c in concepts["results"] if c["naam"].endswith(" B.V.") and c.get("kvkNummer")]
        self.assertTrue(dup)
        _, same_kvk = self.srv.objects("organisatie", f"kvkNummer={dup[0]['kvkNummer']}&_limit=10")
        self.assertGreaterEqual(same_kvk["total"], 2)

    def test_recipes(self):
        status, body = self.srv.objects("organisatie", "status=Concept&_order[@self.created]=desc&_limit=50&_extend=contactpersonen")
        self.assertEqual(status, 200)
        status, body = self.srv.objects("organisatie", "_facets=status,type&_limit=1")
        self.assertEqual({b["key"] for b in body["facets"]["type"]["buckets"]},
                         {"Gemeente", "Leverancier", "Samenwerking", "Community"})
        status, body = self.srv.objects("gebruik", "_facets=status&_limit=1")
        self.assertEqual(sum(b["results"] for b in body["facets"]["status"]["buckets"]), 40000)
        status, body = self.srv.objects("gebruik", "_order[@self.updated]=desc&_limit=200&_page=2&_empty=true")
        self.assertEqual(len(body["results"]), 200)


if __name__ == "__main__":
    main()
