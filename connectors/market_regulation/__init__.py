"""市场监管 (工商) market regulation: 个体工商户 and companies a person operates, represents or
holds shares in, answered in XML with codes instead of names."""
